/**
 * What `ArgoCd` and `ArgoWorkflows` install alike: a namespace with the shared Dex client Secret
 * in it, then a Helm release of an argo-helm chart into that namespace. Called from their
 * constructors only, so every resource here is a child of the calling component.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { clientSecretArgs, type SsoClientCredentials } from "./sso-client-secret";

/** The Helm repository of the argo-cd and argo-workflows charts. */
export const ARGO_HELM_REPO = "https://argoproj.github.io/argo-helm";

/** The release settings both Argo specs share (`ArgoCdSpec`, `WorkflowsSpec`). */
export interface ArgoReleaseSpec {
  readonly releaseName: string;
  readonly chartVersion: string;
  /** Seconds Helm waits for the release's resources to become ready. */
  readonly timeoutSeconds: number;
}

/**
 * Args of a release of `chart` from argo-helm at the pinned version: `atomic` (a failed install
 * or upgrade rolls back) with `cleanupOnFail`, into a namespace this program already created.
 */
export function argoReleaseArgs(
  chart: string,
  spec: ArgoReleaseSpec,
  namespace: pulumi.Input<string>,
  values: pulumi.Input<Record<string, unknown>>,
): k8s.helm.v3.ReleaseArgs {
  return {
    name: spec.releaseName,
    chart,
    version: spec.chartVersion,
    repositoryOpts: { repo: ARGO_HELM_REPO },
    namespace,
    createNamespace: false,
    atomic: true,
    cleanupOnFail: true,
    timeout: spec.timeoutSeconds,
    values,
  };
}

/**
 * Creates `<name>-namespace` (protected when `protect`) and `<name>-sso-client`, the client
 * Secret in it, as children of `parent`. The release must `dependsOn` the Secret: the pods that
 * reference it cannot start without it, and an atomic install would roll back.
 */
export function namespaceWithClientSecret(
  parent: pulumi.ComponentResource,
  name: string,
  namespaceName: string,
  credentials: SsoClientCredentials,
  protect: boolean,
): { readonly namespace: k8s.core.v1.Namespace; readonly secret: k8s.core.v1.Secret } {
  const namespace = new k8s.core.v1.Namespace(
    `${name}-namespace`,
    { metadata: { name: namespaceName } },
    { parent, protect },
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-sso-client`,
    clientSecretArgs(credentials, namespace.metadata.name),
    { parent, additionalSecretOutputs: ["data", "stringData"] },
  );
  return { namespace, secret };
}
