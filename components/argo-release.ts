/**
 * What `ArgoCd` and `ArgoWorkflows` install alike: a namespace with the shared Dex client Secret
 * in it, then a Helm release of an argo-helm chart into that namespace. Called from their
 * constructors only, so every resource here is a child of the calling component.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ReleaseArgs } from "@pulumi/kubernetes/helm/v3/release";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
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

/** How a release waits for its resources. */
export interface ReleaseWait {
  /**
   * Roll back a failed install or upgrade (and wait for readiness, which `atomic` implies).
   * @default true
   */
  readonly atomic: boolean;
  /**
   * Do not wait for the release's resources to become ready: the release counts as done once
   * Helm has applied them. @default false
   */
  readonly skipAwait: boolean;
}

/** Argo CD: everything it needs is in the cluster, so wait and roll back a failed upgrade. */
export const WAIT_AND_ROLL_BACK: ReleaseWait = { atomic: true, skipAwait: false };

/**
 * Argo Workflows: argo-server runs OIDC discovery against `<argocd url>/api/dex` at start-up and
 * exits when it fails (argo-workflows v4.0.6 server/apiserver/argoserver.go `NewArgoServer` →
 * server/auth/sso/sso.go `newSso`). On a first apply that URL answers only once the load
 * balancer, DNS and certificate exist, which can take longer than any Helm timeout, so argo-server
 * crash-loops until then and recovers by itself. Waiting would fail the release and `atomic`
 * would roll it back, tearing down what was about to work: neither waits nor rolls back.
 */
export const APPLY_WITHOUT_WAITING: ReleaseWait = { atomic: false, skipAwait: true };

/**
 * Args of a release of `chart` from argo-helm at the pinned version, with `cleanupOnFail`, into a
 * namespace this program already created. `wait` decides readiness waiting and roll-back.
 */
export function argoReleaseArgs(
  chart: string,
  spec: ArgoReleaseSpec,
  namespace: pulumi.Input<string>,
  values: pulumi.Input<Record<string, unknown>>,
  wait: ReleaseWait = WAIT_AND_ROLL_BACK,
): ReleaseArgs {
  return {
    name: spec.releaseName,
    chart,
    version: spec.chartVersion,
    repositoryOpts: { repo: ARGO_HELM_REPO },
    namespace,
    createNamespace: false,
    atomic: wait.atomic,
    skipAwait: wait.skipAwait,
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
): { readonly namespace: Namespace; readonly secret: Secret } {
  const namespace = new Namespace(
    `${name}-namespace`,
    { metadata: { name: namespaceName } },
    { parent, protect },
  );
  const secret = new Secret(`${name}-sso-client`, clientSecretArgs(credentials, namespace.metadata.name), {
    parent,
    additionalSecretOutputs: ["data", "stringData"],
  });
  return { namespace, secret };
}
