/**
 * The Kubernetes provider for a stack, from `argo-sso:cluster`. Every Kubernetes resource and
 * Helm release is given this provider explicitly; with `pulumi:disable-default-providers` set in
 * the stack files, nothing can fall back to whatever cluster the ambient kubeconfig points at.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";

/** Which cluster: the ambient kubeconfig, a kubeconfig value, or another stack's output. */
export type ClusterSpec =
  | { readonly kind: "ambient"; readonly context?: string }
  | { readonly kind: "kubeconfig"; readonly kubeconfig: string; readonly context?: string }
  | {
      readonly kind: "stackReference";
      readonly stack: string;
      readonly output: string;
      readonly context?: string;
    };

/** The kubeconfig the provider uses: a secret, or undefined for the ambient kubeconfig. */
export function clusterKubeconfig(
  spec: ClusterSpec,
  opts?: pulumi.CustomResourceOptions,
): pulumi.Output<string> | undefined {
  switch (spec.kind) {
    case "ambient":
      return undefined;
    case "kubeconfig":
      return pulumi.secret(spec.kubeconfig);
    case "stackReference": {
      const ref = new pulumi.StackReference("cluster", { name: spec.stack }, opts);
      // A kubeconfig may be an object output (EKS); the provider wants text.
      return pulumi.secret(
        ref.requireOutput(spec.output).apply((v) => (typeof v === "string" ? v : JSON.stringify(v))),
      );
    }
  }
}

export function clusterProvider(spec: ClusterSpec): Provider {
  return new Provider("cluster", { kubeconfig: clusterKubeconfig(spec), context: spec.context });
}
