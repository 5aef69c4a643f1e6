/**
 * Argo Workflows with SSO through Argo CD's Dex: its namespace, the shared Dex client Secret in
 * that namespace, the argo-workflows Helm release (argo-server in `sso` mode, issuer
 * `<argocd url>/api/dex`), and SSO RBAC: one ServiceAccount per group with a Workflows role,
 * selected by argo-server with the rule `'<group ID>' in groups`, bound to a least-privilege
 * ClusterRole of its level.
 */
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import type { GroupSpec, WorkflowsRole, WorkflowsSpec } from "../stacks/types";
import { argoReleaseArgs, namespaceWithClientSecret } from "./argo-release";
import { CLIENT_ID_KEY, CLIENT_SECRET_KEY, dexIssuer, workflowsRedirectUrl } from "./dex-config";
import {
  CLIENT_SECRET_CHECKSUM_ANNOTATION,
  managedOverrideProblems,
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
  WORKFLOWS_LEVEL_RULES,
  workflowsClusterRoleName,
  workflowsGrants,
  requireGroupId,
  workflowsRbacRule,
} from "./workflows-rules";

const VALUES_KEY = "argo-sso:workflows.values";

export interface ArgoWorkflowsArgs {
  /** Argo Workflows settings (`argo-sso:workflows`), defaults resolved. */
  readonly spec: WorkflowsSpec;
  /** Argo CD's external URL; argo-server uses `<url>/api/dex` as its OIDC issuer. */
  readonly argocdUrl: string;
  /** Groups by config key; those with `workflows` set get a ServiceAccount. */
  readonly groups: Readonly<Record<string, GroupSpec>>;
  /** Group config key → Identity Store group ID (created and external groups alike). */
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

/** What {@link argoWorkflowsValues} needs: plain values only, no secret among them. */
export interface ArgoWorkflowsValuesInput {
  readonly spec: WorkflowsSpec;
  readonly argocdUrl: string;
  readonly secretName: string;
  readonly checksum: string;
}

/** The values this program sets on the argo-workflows chart (exactly `WORKFLOWS_MANAGED_PATHS`). */
export function argoWorkflowsManagedValues(input: ArgoWorkflowsValuesInput): Record<string, unknown> {
  const { spec, secretName } = input;
  return {
    crds: { keep: true },
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
        rbac: { enabled: true },
      },
      // argo-server reads the client secret only at start-up: a rotation must restart it.
      podAnnotations: { [CLIENT_SECRET_CHECKSUM_ANNOTATION]: input.checksum },
    },
  };
}

/** All values of the release: `spec.values` under {@link argoWorkflowsManagedValues}. Throws on a managed key. */
export function argoWorkflowsValues(input: ArgoWorkflowsValuesInput): Record<string, unknown> {
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
  public readonly release: k8s.helm.v3.Release;
  /** Argo Workflows' external URL. */
  public readonly url: pulumi.Output<string>;
  /** Group config key → the ServiceAccount its members act as. */
  public readonly serviceAccounts: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: ArgoWorkflowsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:argo-workflows:ArgoWorkflows", name, {}, opts);
    const { spec } = args;
    const problems = managedOverrideProblems(spec.values, WORKFLOWS_MANAGED_PATHS, VALUES_KEY);
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
    this.createRbac(name, spec.releaseName, namespace, grants, pulumi.output(args.groupIds));

    const { secretName, checksum } = args.clientSecret;
    const values = pulumi
      .all([secretName, checksum])
      .apply(([secretName, checksum]) =>
        argoWorkflowsValues({ spec, argocdUrl: args.argocdUrl, secretName, checksum }),
      );
    this.release = new k8s.helm.v3.Release(
      `${name}-release`,
      argoReleaseArgs("argo-workflows", spec, namespace.metadata.name, values),
      // argo-server reads the client Secret at start-up.
      { parent: this, dependsOn: [secret, ...(args.waitFor ?? [])] },
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
    releaseName: string,
    namespace: k8s.core.v1.Namespace,
    grants: ReturnType<typeof workflowsGrants>,
    groupIds: pulumi.Output<Record<string, string>>,
  ): void {
    const roles = new Map<WorkflowsRole, k8s.rbac.v1.ClusterRole>();
    for (const level of usedLevels(grants)) {
      const role = new k8s.rbac.v1.ClusterRole(
        `${name}-role-${level}`,
        {
          metadata: { name: workflowsClusterRoleName(releaseName, level), labels: MANAGED_LABELS },
          rules: WORKFLOWS_LEVEL_RULES[level].map((rule) => ({
            apiGroups: [...rule.apiGroups],
            resources: [...rule.resources],
            verbs: [...rule.verbs],
          })),
        },
        { parent: this },
      );
      roles.set(level, role);
    }

    for (const grant of grants) {
      const account = new k8s.core.v1.ServiceAccount(
        `${name}-sa-${grant.groupKey}`,
        {
          metadata: {
            name: grant.serviceAccount,
            namespace: namespace.metadata.name,
            labels: MANAGED_LABELS,
            annotations: {
              [RBAC_RULE_ANNOTATION]: groupIds.apply((ids) =>
                workflowsRbacRule(requireGroupId(ids, grant.groupKey)),
              ),
              [RBAC_PRECEDENCE_ANNOTATION]: String(grant.precedence),
            },
          },
        },
        { parent: this },
      );
      // Since Kubernetes 1.24 no token Secret is made automatically; argo-server reads this one.
      new k8s.core.v1.Secret(
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
      new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-binding-${grant.groupKey}`,
        {
          metadata: { name: `${releaseName}-${grant.serviceAccount}`, labels: MANAGED_LABELS },
          roleRef: {
            apiGroup: "rbac.authorization.k8s.io",
            kind: "ClusterRole",
            name: (roles.get(grant.level) as k8s.rbac.v1.ClusterRole).metadata.name,
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
