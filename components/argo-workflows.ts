/**
 * Argo Workflows with SSO through Argo CD's Dex: its namespace, the shared Dex client Secret in
 * that namespace, the full-schema CRDs (vendored, kept on delete), the argo-workflows Helm release
 * (argo-server in `sso` mode, issuer `<argocd url>/api/dex`, optional managed ingress), and SSO
 * RBAC: one ServiceAccount per group with a Workflows role, selected by argo-server with the rule
 * `'<group ID>' in ($env?.groups ?? [])`, bound to a least-privilege ClusterRole of its level.
 */
import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { ConfigGroup } from "@pulumi/kubernetes/yaml/v2/configGroup";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { ClusterRole } from "@pulumi/kubernetes/rbac/v1/clusterRole";
import { ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1/clusterRoleBinding";
import { APPLY_WITHOUT_WAITING, argoReleaseArgs, namespaceWithClientSecret } from "./argo-release";
import {
  ingressContradictionProblems,
  valuesOfEntries,
  workflowsIngressEntries,
  type IngressSpec,
} from "./ingress-values";
import { retainCrds, workflowsCrdPaths } from "./workflows-crds";
import { CLIENT_ID_KEY, CLIENT_SECRET_KEY, dexIssuer, workflowsRedirectUrl } from "./dex-config";
import {
  CLIENT_SECRET_CHECKSUM_ANNOTATION,
  managedOverrideProblems,
  mergeValues,
  releaseValues,
  WORKFLOWS_MANAGED_PATHS,
} from "./helm-values";
import { MANAGED_LABELS, type SsoClientCredentials } from "./sso-client-secret";
import {
  RBAC_PRECEDENCE_ANNOTATION,
  RBAC_RULE_ANNOTATION,
  SERVICE_ACCOUNT_NAME_ANNOTATION,
  serviceAccountTokenName,
  usedLevels,
  workflowsLevelRules,
  workflowsClusterRoleName,
  workflowsGrants,
  requireGroupId,
  workflowsRbacRule,
  type WorkflowsGroup,
  type WorkflowsRole,
} from "./workflows-rules";

const VALUES_KEY = "argo-sso:workflows.values";

/** `argo-sso:workflows`, defaults resolved. */
export interface WorkflowsSpec {
  readonly url: string;
  /** @default "argo" */
  readonly namespace: string;
  /** @default "argo-workflows" */
  readonly releaseName: string;
  /** @default "1.0.18" */
  readonly chartVersion: string;
  /** @default "8h" */
  readonly sessionExpiry: string;
  /** @default ["sso"] */
  readonly authModes: readonly ("sso" | "client")[];
  /** @default 600 */
  readonly timeoutSeconds: number;
  /** @default {} */
  readonly values: Readonly<Record<string, unknown>>;
  /** The managed ingress; absent = argo-sso sets no ingress value. */
  readonly ingress?: IngressSpec;
  /**
   * Secrets holding the artifact repository's credentials, readable (`get`, by name) by every SSO
   * level, because argo-server reads them with the user's ServiceAccount. @default []
   */
  readonly artifactSecrets: readonly string[];
}

export interface ArgoWorkflowsArgs {
  /** Argo Workflows settings (`argo-sso:workflows`), defaults resolved. */
  readonly spec: WorkflowsSpec;
  /** Argo CD's external URL; argo-server uses `<url>/api/dex` as its OIDC issuer. */
  readonly argocdUrl: string;
  /** Groups by config key; those with `workflows` set get a ServiceAccount. */
  readonly groups: Readonly<Record<string, WorkflowsGroup>>;
  /**
   * Group config key → Identity Store group ID (created and external groups alike). Pass a plain
   * map of per-group outputs (`IdentityCenter.groupIdByKey`) so that each group's resources
   * depend on that group only.
   */
  readonly groupIds: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The shared Dex client, usually an `SsoClientSecret` (the same one given to `ArgoCd`). */
  readonly clientSecret: SsoClientCredentials;
  /** Protect the namespace from deletion (prod). @default false */
  readonly protect?: boolean;
  /**
   * Resources the release waits for: pass `[argocd.release]`, because argo-server runs OIDC
   * discovery against Dex only at start-up and exits if Dex is not there.
   * @default []
   */
  readonly waitFor?: readonly pulumi.Resource[];
}

/**
 * One group's ID. From a plain map of per-group outputs (`IdentityCenter.groupIdByKey`) the
 * result depends on that group alone; from an output of the whole map it depends on every group.
 */
export function groupIdOf(groupIds: ArgoWorkflowsArgs["groupIds"], groupKey: string): pulumi.Output<string> {
  const plain = typeof groupIds === "object" && groupIds !== null && !pulumi.Output.isInstance(groupIds);
  if (plain && !(groupIds instanceof Promise)) {
    const ids = groupIds as Record<string, pulumi.Input<string>>;
    return pulumi.output(Object.prototype.hasOwnProperty.call(ids, groupKey) ? ids[groupKey] : "");
  }
  return pulumi.output(groupIds).apply((ids) => ids[groupKey] ?? "");
}

/** What {@link argoWorkflowsValues} needs: plain values only, no secret among them. */
export interface ArgoWorkflowsValuesInput {
  readonly spec: WorkflowsSpec;
  readonly argocdUrl: string;
  readonly secretName: string;
  readonly checksum: string;
  /** The SSO ServiceAccounts' token Secrets (`<sa>.service-account-token`), which argo-server reads. */
  readonly tokenSecrets: readonly string[];
}

/**
 * `server.sso.rbac.secretWhitelist`: exactly the Secrets argo-server reads with its own account in
 * `sso` mode: the OIDC client Secret (server/auth/sso/sso.go `newSso`) and each SSO account's
 * token Secret (server/auth/gatekeeper.go `authorizationForServiceAccount`), v4.0.6. Its cookie
 * key Secret `sso` has its own rule in the chart; artifact Secrets are read with the user's SSO
 * account, not the server's (server/artifacts/resources.go). An empty list would let argo-server
 * read every Secret in the cluster (chart templates/server/server-cluster-roles.yaml).
 */
export function workflowsSecretWhitelist(secretName: string, tokenSecrets: readonly string[]): string[] {
  return [secretName, ...tokenSecrets];
}

/**
 * The values this program sets on the argo-workflows chart: exactly `WORKFLOWS_MANAGED_PATHS`,
 * plus the managed ingress's values when `spec.ingress` is set (components/ingress-values.ts).
 */
export function argoWorkflowsManagedValues(input: ArgoWorkflowsValuesInput): Record<string, unknown> {
  const { spec, secretName } = input;
  const managed = {
    // The full CRDs come from vendor/ (components/workflows-crds.ts), never from a download.
    crds: { install: false },
    server: {
      authModes: [...spec.authModes],
      authMode: "",
      sso: {
        enabled: true,
        // The public URL: since argo-cd chart 10, only argocd-server may reach Dex in-cluster.
        issuer: dexIssuer(input.argocdUrl),
        clientId: { name: secretName, key: CLIENT_ID_KEY },
        clientSecret: { name: secretName, key: CLIENT_SECRET_KEY },
        redirectUrl: workflowsRedirectUrl(spec.url),
        scopes: ["groups", "email", "profile"],
        sessionExpiry: spec.sessionExpiry,
        rbac: { enabled: true, secretWhitelist: workflowsSecretWhitelist(secretName, input.tokenSecrets) },
      },
      // argo-server reads the client secret only at start-up: a rotation must restart it.
      podAnnotations: { [CLIENT_SECRET_CHECKSUM_ANNOTATION]: input.checksum },
    },
  };
  if (spec.ingress === undefined) return managed;
  return mergeValues(
    managed,
    valuesOfEntries(workflowsIngressEntries(spec.ingress, spec.url, spec.releaseName)),
  );
}

/**
 * All values of the release: `spec.values` under {@link argoWorkflowsManagedValues}. Throws on a
 * managed key or on a value that contradicts the managed ingress.
 */
export function argoWorkflowsValues(input: ArgoWorkflowsValuesInput): Record<string, unknown> {
  const contradictions = ingressProblems(input.spec);
  if (contradictions.length > 0) throw new Error(contradictions.join("\n"));
  return releaseValues(
    {},
    input.spec.values,
    argoWorkflowsManagedValues(input),
    WORKFLOWS_MANAGED_PATHS,
    VALUES_KEY,
  );
}

/**
 * Argo Workflows, logging people in through Argo CD's Dex. Creates the namespace, the client
 * Secret, the SSO RBAC accounts, then the Helm release. The Kubernetes provider comes through
 * `opts.providers` or `opts.provider`.
 */
export class ArgoWorkflows extends pulumi.ComponentResource {
  /** The namespace argo-server runs in (and its SSO ServiceAccounts live in). */
  public readonly namespace: pulumi.Output<string>;
  /** The argo-workflows Helm release. */
  public readonly release: Release;
  /** The full-schema Argo Workflows CRDs (retained on delete). */
  public readonly crds: ConfigGroup;
  /** Argo Workflows' external URL. */
  public readonly url: pulumi.Output<string>;
  /** Group config key → the ServiceAccount its members act as. */
  public readonly serviceAccounts: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ArgoWorkflowsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:argo-workflows:ArgoWorkflows", name, {}, opts);
    const { spec } = args;
    const problems = [
      ...managedOverrideProblems(spec.values, WORKFLOWS_MANAGED_PATHS, VALUES_KEY),
      ...ingressProblems(spec),
    ];
    if (!spec.authModes.includes("sso")) problems.push(`argo-sso:workflows.authModes: must include "sso"`);
    if (problems.length > 0) throw new pulumi.ResourceError(problems.join("\n"), this);

    const { namespace, secret } = namespaceWithClientSecret(
      this,
      name,
      spec.namespace,
      args.clientSecret,
      args.protect ?? false,
    );
    const grants = workflowsGrants(args.groups);
    this.createRbac(name, spec, namespace, grants, args.groupIds);
    const tokenSecrets = grants.map((g) => serviceAccountTokenName(g.serviceAccount));

    // Full-schema CRDs from vendor/, kept when removed (components/workflows-crds.ts).
    this.crds = new ConfigGroup(
      `${name}-crds`,
      { files: workflowsCrdPaths() },
      { parent: this, retainOnDelete: true, transforms: [retainCrds] },
    );

    const { secretName, checksum } = args.clientSecret;
    const values = pulumi
      .all([secretName, checksum])
      .apply(([secretName, checksum]) =>
        argoWorkflowsValues({ spec, argocdUrl: args.argocdUrl, secretName, checksum, tokenSecrets }),
      );
    this.release = new Release(
      `${name}-release`,
      // Neither waits nor rolls back: argo-server cannot start before Argo CD's URL answers,
      // which on a first apply can take longer than any timeout (components/argo-release.ts).
      argoReleaseArgs("argo-workflows", spec, namespace.metadata.name, values, APPLY_WITHOUT_WAITING),
      // argo-server reads the client Secret at start-up; the controller needs the CRDs.
      { parent: this, dependsOn: [secret, this.crds, ...(args.waitFor ?? [])] },
    );

    this.namespace = namespace.metadata.name;
    this.url = pulumi.output(spec.url);
    this.serviceAccounts = pulumi.output(
      Object.fromEntries(grants.map((g) => [g.groupKey, g.serviceAccount])),
    );
    this.registerOutputs({ namespace: this.namespace, url: this.url, serviceAccounts: this.serviceAccounts });
  }

  /** One ClusterRole per level in use; per group a ServiceAccount, its token Secret and a binding. */
  private createRbac(
    name: string,
    spec: WorkflowsSpec,
    namespace: Namespace,
    grants: ReturnType<typeof workflowsGrants>,
    groupIds: ArgoWorkflowsArgs["groupIds"],
  ): void {
    const { releaseName } = spec;
    const roles = new Map<WorkflowsRole, ClusterRole>();
    for (const level of usedLevels(grants)) {
      const role = new ClusterRole(
        `${name}-role-${level}`,
        {
          metadata: { name: workflowsClusterRoleName(releaseName, level), labels: MANAGED_LABELS },
          rules: workflowsLevelRules(level, spec.artifactSecrets).map((rule) => ({
            apiGroups: [...rule.apiGroups],
            resources: [...rule.resources],
            ...(rule.resourceNames ? { resourceNames: [...rule.resourceNames] } : {}),
            verbs: [...rule.verbs],
          })),
        },
        { parent: this },
      );
      roles.set(level, role);
    }

    for (const grant of grants) {
      const account = new ServiceAccount(
        `${name}-sa-${grant.groupKey}`,
        {
          metadata: {
            name: grant.serviceAccount,
            namespace: namespace.metadata.name,
            labels: MANAGED_LABELS,
            annotations: {
              [RBAC_RULE_ANNOTATION]: groupIdOf(groupIds, grant.groupKey).apply((id) =>
                workflowsRbacRule(requireGroupId({ [grant.groupKey]: id }, grant.groupKey)),
              ),
              [RBAC_PRECEDENCE_ANNOTATION]: String(grant.precedence),
            },
          },
        },
        { parent: this },
      );
      // Since Kubernetes 1.24 no token Secret is made automatically; argo-server reads this one.
      new Secret(
        `${name}-sa-token-${grant.groupKey}`,
        {
          metadata: {
            name: serviceAccountTokenName(grant.serviceAccount),
            namespace: namespace.metadata.name,
            labels: MANAGED_LABELS,
            annotations: { [SERVICE_ACCOUNT_NAME_ANNOTATION]: account.metadata.name },
          },
          type: "kubernetes.io/service-account-token",
        },
        { parent: this, additionalSecretOutputs: ["data"] },
      );
      new ClusterRoleBinding(
        `${name}-binding-${grant.groupKey}`,
        {
          metadata: { name: `${releaseName}-${grant.serviceAccount}`, labels: MANAGED_LABELS },
          roleRef: {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: (roles.get(grant.level) as ClusterRole).metadata.name,
          },
          subjects: [
            { kind: "ServiceAccount", name: account.metadata.name, namespace: namespace.metadata.name },
          ],
        },
        { parent: this },
      );
    }
  }
}

/** Values in `spec.values` that contradict the managed ingress, each naming both keys. */
function ingressProblems(spec: WorkflowsSpec): string[] {
  if (spec.ingress === undefined) return [];
  return ingressContradictionProblems(
    spec.values,
    workflowsIngressEntries(spec.ingress, spec.url, spec.releaseName),
    VALUES_KEY,
  );
}
