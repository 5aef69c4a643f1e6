/**
 * The validated, defaulted stack configuration: the one typed object that `index.ts` builds from
 * `Pulumi.<stack>.yaml` (through `stacks/config.ts`) and hands to the components.
 *
 * Everything here is plain data: values that decide which resources exist are never `Output`s.
 * The only secret, the cluster kubeconfig, is wrapped with `pulumi.secret` by `index.ts`.
 */

/** Argo Workflows SSO RBAC levels, strongest first. */
export const WORKFLOWS_ROLES = ["admin", "edit", "view"] as const;
export type WorkflowsRole = (typeof WORKFLOWS_ROLES)[number];

/** Argo CD built-in roles (always loaded by Argo CD beside `policy.csv`). */
export const ARGOCD_BUILTIN_ROLES = ["role:admin", "role:readonly"] as const;

/**
 * `managed`: created here. `external`: synced by SCIM, looked up (by display name, or pinned by
 * `groupId` / `externalId`). `owner`: a cluster stack's reference to a group of the stack that
 * owns Identity Center (its `groupIds` output).
 */
export type GroupSource = "managed" | "external" | "owner";

/** `managed`: created here. `existing`: already in the directory (synced or made elsewhere), looked up by user name. */
export type UserSource = "managed" | "existing";

/** An external group pinned by an identifier that survives IdP renames. Exactly one of the two is set. */
export interface GroupPin {
  /** The Identity Store group ID. */
  readonly groupId?: string;
  /** The IdP's identifier for the group as SCIM wrote it (`Issuer` and `Id` of its `ExternalId`). */
  readonly externalId?: { readonly issuer: string; readonly id: string };
  /** The display name the config expects (checked against the lookup) when `displayName` is given beside the pin. */
  readonly displayName?: string;
}

/** A customer-managed IAM policy reference; the policy must exist in every target account. */
export interface PolicyReference {
  readonly name: string;
  /** @default "/" */
  readonly path: string;
}

export interface PermissionsBoundary {
  /** An AWS-managed or customer-owned policy ARN. Exactly one of the two fields is set. */
  readonly managedPolicyArn?: string;
  readonly customerManagedPolicy?: PolicyReference;
}

export interface PermissionSetSpec {
  /** The config key; also the permission-set name in AWS (1–32 chars `[\w+=,.@-]`). */
  readonly name: string;
  /** Provider import ID `<permission set ARN>,<instance ARN>`: adopt an existing set instead of creating it. */
  readonly importId?: string;
  /** The preset it was built from, if any. */
  readonly preset?: string;
  readonly description?: string;
  /** ISO-8601 duration between PT1H and PT12H. @default "PT1H" */
  readonly sessionDuration: string;
  readonly relayState?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** AWS-managed policy ARNs. */
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly PolicyReference[];
  /** Canonical JSON text of the inline policy (keys in the order given). */
  readonly inlinePolicy?: string;
  readonly permissionsBoundary?: PermissionsBoundary;
}

/** A user of the Identity Center directory (never used with an external IdP). */
export interface UserSpec {
  /** The config key: the Identity Store user name, usually the email. */
  readonly userName: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly familyName: string;
  /** @default userName when it looks like an email */
  readonly email?: string;
  /** `existing`: looked up by user name, never created (names above are then empty). @default "managed" */
  readonly source?: UserSource;
  /** Account assignments to this user directly. @default [] */
  readonly aws?: readonly GroupAwsGrant[];
  /** Provider import ID `<identity store ID>/<user ID>`: adopt an existing user. */
  readonly importId?: string;
}

export interface GroupAwsGrant {
  readonly permissionSet: string;
  /** 12-digit account IDs, resolved from `argo-sso:accounts` names, sorted and de-duplicated. */
  readonly accountIds: readonly string[];
  /**
   * Organizational unit IDs (`ou-...`) whose descendant accounts also get the grant; `index.ts`
   * resolves them into `accountIds` before the components see the grant. @default []
   */
  readonly organizationalUnits?: readonly string[];
  /** Adopt the existing assignments of this grant (`pulumi import` of each, IDs derived). @default false */
  readonly adopt?: boolean;
}

export interface GroupSpec {
  /** The config key: the logical name of the group, never changed once applied. */
  readonly key: string;
  /** Identity Store display name (the lookup key for external groups). @default key */
  readonly displayName: string;
  readonly description?: string;
  /** `managed`: created here. `external`: synced by SCIM, looked up by display name. @default "managed" */
  readonly source: GroupSource;
  /** User names (keys of `argo-sso:users`); managed groups only. */
  readonly members: readonly string[];
  readonly aws: readonly GroupAwsGrant[];
  /** Argo CD role, e.g. `role:admin`, `role:readonly` or `role:<custom>` from `argocd.roles`. */
  readonly argocd?: string;
  readonly workflows?: WorkflowsRole;
  /** External groups: the identifier to look the group up by instead of the display name. */
  readonly pin?: GroupPin;
  /** Managed groups: provider import ID `<identity store ID>/<group ID>` to adopt an existing group. */
  readonly importId?: string;
}

export interface SamlApplicationSpec {
  /** ARN of the custom SAML 2.0 application created once in the console. */
  readonly arn: string;
  /** The application's "IAM Identity Center sign-in URL" (Dex `ssoURL`). */
  readonly signInUrl: string;
  /** The Identity Center SAML signing certificate, PEM (normalised, ends with a newline). */
  readonly certificate: string;
}

/**
 * Whose credentials run `pulumi up`: the organization's management account, or the Identity
 * Center delegated administrator (which cannot assign in, or change permission sets
 * provisioned to, the management account).
 */
export const DEPLOYERS = ["management", "delegatedAdmin"] as const;
export type Deployer = (typeof DEPLOYERS)[number];

/**
 * Identity Center's identity source: its own directory, or an external IdP (Okta, Entra ID,
 * Google...) that signs everyone in and syncs users and groups by SCIM.
 */
export const IDENTITY_SOURCES = ["identityCenter", "external"] as const;
export type IdentitySource = (typeof IDENTITY_SOURCES)[number];

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

export type DexLogLevel = "debug" | "info" | "warn" | "error";

export interface ArgoCdSpec {
  /** https URL without a trailing slash. */
  readonly url: string;
  /** @default "argocd" */
  readonly namespace: string;
  /** @default "argocd" */
  readonly releaseName: string;
  /** @default "10.1.1" */
  readonly chartVersion: string;
  /** `policy.default`. @default "" (no access unless a group grants it) */
  readonly defaultRole: string;
  /** Local `admin` user. @default true */
  readonly adminEnabled: boolean;
  /** @default false */
  readonly anonymousEnabled: boolean;
  /** @default "info" */
  readonly dexLogLevel: DexLogLevel;
  /** Custom roles: role name (without `role:`) → policy lines `<resource>, <action>, <object>, <effect>`. @default {} */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** Helm release timeout in seconds. @default 600 */
  readonly timeoutSeconds: number;
  /** Extra chart values, merged under the managed SSO keys. @default {} */
  readonly values: Readonly<Record<string, unknown>>;
}

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
}

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
