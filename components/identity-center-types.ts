/**
 * What the Identity Center components take as arguments: groups, directory users, their account
 * grants, and who deploys against which identity source. The stack-config loader maps the
 * validated `argo-sso:groups` / `argo-sso:users` / `argo-sso:identityCenter` keys onto these.
 *
 * Pure data: no Pulumi runtime.
 */
import type { WorkflowsRole } from "./workflows-rules";

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
