/**
 * The validated, defaulted stack configuration: the one typed object that `index.ts` builds from
 * `Pulumi.<stack>.yaml` (through `stacks/config.ts`) and hands to the components.
 *
 * Everything here is plain data: values that decide which resources exist are never `Output`s.
 * The only secret, the cluster kubeconfig, is wrapped with `pulumi.secret` by `index.ts`.
 */
import type { Deployer, GroupSpec, IdentitySource, UserSpec } from "../components/identity-center-types";
import type { DexSamlSpec } from "../components/dex-config";
import type { ArgoCdSpec } from "../components/argo-cd";
import type { WorkflowsSpec } from "../components/argo-workflows";
import type { PermissionSetSpec } from "../components/permission-set";

// The components own their argument types; these re-exports keep the config layer's imports
// working until the schema-inferred types replace this file (issue 12).
export { ARGOCD_BUILTIN_ROLES } from "../components/argocd-policy";
export { WORKFLOWS_ROLES, type WorkflowsRole } from "../components/workflows-rules";
export {
  DEPLOYERS,
  IDENTITY_SOURCES,
  type Deployer,
  type GroupAwsGrant,
  type GroupPin,
  type GroupSource,
  type GroupSpec,
  type IdentitySource,
  type UserSource,
  type UserSpec,
} from "../components/identity-center-types";
export type { PermissionsBoundary, PermissionSetSpec, PolicyReference } from "../components/permission-set";
export type { DexLogLevel } from "../components/dex-config";
export {
  INGRESS_MODES,
  type IngressMode,
  type IngressSpec,
  type IngressTls,
} from "../components/ingress-values";
export type { ArgoCdSpec } from "../components/argo-cd";
export type { WorkflowsSpec } from "../components/argo-workflows";

export interface SamlApplicationSpec extends DexSamlSpec {
  /** ARN of the custom SAML 2.0 application created once in the console. */
  readonly arn: string;
}

export interface IdentityCenterSpec {
  /** @default "identityCenter" */
  readonly identitySource: IdentitySource;
  /** The organization's management account (12 digits). Required when `deployer` is `delegatedAdmin`. */
  readonly managementAccountId?: string;
  /** @default "management" */
  readonly deployer: Deployer;
  /** Discovered with `aws.ssoadmin.getInstances` when omitted. */
  readonly instanceArn?: string;
  /** Discovered with `aws.ssoadmin.getInstances` when omitted. */
  readonly identityStoreId?: string;
  /** The access portal URL when an alias is set; default `https://<identityStoreId>.awsapps.com/start`. */
  readonly accessPortalUrl?: string;
  readonly samlApplication: SamlApplicationSpec;
  /**
   * A cluster stack: the stack (`org/project/stack`) that owns Identity Center. This stack then
   * creates no groups, users, permission sets or account assignments; it reads group IDs from
   * the owner's `groupIds` output (or looks external groups up) and assigns only its own SAML
   * application.
   */
  readonly ownerStack?: string;
}

export type ClusterSpec =
  | { readonly kind: "ambient"; readonly context?: string }
  | { readonly kind: "kubeconfig"; readonly kubeconfig: string; readonly context?: string }
  | {
      readonly kind: "stackReference";
      readonly stack: string;
      readonly output: string;
      readonly context?: string;
    };

export interface ClientSecretSpec {
  /** Change to rotate the shared Dex client secret. @default "1" */
  readonly rotation: string;
  /** Dex static client id for Argo Workflows. @default "argo-workflows-sso" */
  readonly clientId: string;
  /** Name of the Kubernetes Secret in both namespaces. @default "argo-workflows-sso" */
  readonly secretName: string;
}

export interface StackConfig {
  /** `aws:region`: the Identity Center home region. */
  readonly region: string;
  /** Friendly account name → 12-digit ID. */
  readonly accounts: Readonly<Record<string, string>>;
  readonly identityCenter: IdentityCenterSpec;
  /** Keyed by permission-set name, presets resolved: the sets defined in config plus any preset a group names directly. */
  readonly permissionSets: Readonly<Record<string, PermissionSetSpec>>;
  readonly users: Readonly<Record<string, UserSpec>>;
  readonly groups: Readonly<Record<string, GroupSpec>>;
  readonly cluster: ClusterSpec;
  readonly argocd: ArgoCdSpec;
  readonly workflows: WorkflowsSpec;
  readonly clientSecret: ClientSecretSpec;
  /** Protect groups, permission sets, assignments and namespaces. @default false */
  readonly protect: boolean;
}

/** One validation problem, already formatted as `argo-sso:<key>: <message>`. */
export interface ConfigProblem {
  /** Full key, e.g. `argo-sso:groups.developers.aws[0].permissionSet`. */
  readonly key: string;
  readonly message: string;
}
