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

export type DexLogLevel = "debug" | "info" | "warn" | "error";

/** How traffic reaches a server: ingress-nginx, or the AWS Load Balancer Controller (ALB). */
export const INGRESS_MODES = ["nginx", "alb"] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];

/** Where the ingress's TLS certificate comes from; TLS always ends at the ingress. */
export type IngressTls =
  /** An existing `kubernetes.io/tls` Secret in the server's namespace (nginx). */
  | { readonly kind: "secret"; readonly secretName: string }
  /** A cert-manager issuer; cert-manager's ingress-shim creates the Secret (nginx). */
  | { readonly kind: "certManager"; readonly issuer: string; readonly issuerKind: "ClusterIssuer" | "Issuer" }
  /** An ACM certificate, by ARN (alb). */
  | { readonly kind: "acm"; readonly certificateArn: string };

/** `argo-sso:argocd.ingress` / `argo-sso:workflows.ingress`; the host is always the URL's host. */
export interface IngressSpec {
  readonly mode: IngressMode;
  /** `spec.ingressClassName`. @default the mode's name: "nginx" or "alb" */
  readonly className: string;
  readonly tls: IngressTls;
  /** alb only: `alb.ingress.kubernetes.io/scheme`. @default "internal" (the controller's own default) */
  readonly scheme: "internal" | "internet-facing";
  /** Argo CD with nginx only: a second Ingress `grpc.<host>` for the `argocd` CLI. @default false */
  readonly grpc: boolean;
}

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
  /** The managed ingress; absent = argo-sso sets no ingress value. */
  readonly ingress?: IngressSpec;
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
  /** The managed ingress; absent = argo-sso sets no ingress value. */
  readonly ingress?: IngressSpec;
  /**
   * Secrets holding the artifact repository's credentials, readable (`get`, by name) by every SSO
   * level, because argo-server reads them with the user's ServiceAccount. @default []
   */
  readonly artifactSecrets: readonly string[];
}

/** The validated stack config and its parts: inferred from the schema (stacks/schema.ts). */
export type { ClientSecretSpec, IdentityCenterSpec, StackConfig } from "./schema";
export type { ClusterSpec } from "./cluster";
