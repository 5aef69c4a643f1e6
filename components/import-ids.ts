/**
 * Identifier shapes for adopting what already exists in Identity Center, and the provider import
 * IDs built from them. Pure: shared by the stack-config loader (shape checks) and the components
 * (the `import` resource option).
 *
 * Import ID formats are the provider's (the "Import" section of each resource in
 * `@pulumi/aws` 7.48.0, `identitystore/group.d.ts`, `identitystore/user.d.ts`,
 * `ssoadmin/permissionSet.d.ts`, `ssoadmin/accountAssignment.d.ts`; parsed by
 * terraform-provider-aws `internal/service/identitystore/group.go` `resourceGroupParseID`).
 * Object ID and ARN patterns are the API's (IdentityStore `GroupId`/`UserId`, SSO Admin
 * `PermissionSetArn`, Organizations `OrganizationalUnitId`).
 */
import type { GroupSpec, UserSpec } from "./identity-center-types";

/** An Identity Store group or user ID: a GUID, optionally prefixed by 10 hex digits and `-`. */
export const IDENTITY_STORE_OBJECT_ID =
  /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** `<identity store ID>/<group or user ID>`, the import ID of `identitystore.Group` and `identitystore.User`. */
export const DIRECTORY_IMPORT_ID =
  /^(d-[0-9a-f]{10})\/(([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12})$/;

/** `<permission set ARN>,<instance ARN>`, the import ID of `ssoadmin.PermissionSet`; groups: set ARN, its instance, instance ARN, instance. */
export const PERMISSION_SET_IMPORT_ID =
  /^(arn:aws[a-z-]*:sso:::permissionSet\/((?:sso)?ins-[a-zA-Z0-9-.]{16})\/ps-[a-zA-Z0-9-./]{16}),(arn:aws[a-z-]*:sso:::instance\/((?:sso)?ins-[a-zA-Z0-9-.]{16}))$/;

/** An organizational unit ID (Organizations API `OrganizationalUnitId`). */
export const ORGANIZATIONAL_UNIT_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;

/** The two parts of a group or user import ID, or undefined when it has another shape. */
export function parseDirectoryImportId(
  id: string,
): { identityStoreId: string; objectId: string } | undefined {
  const match = DIRECTORY_IMPORT_ID.exec(id);
  return match ? { identityStoreId: match[1] as string, objectId: match[2] as string } : undefined;
}

/** The parts of a permission-set import ID, or undefined when it has another shape or the instances differ. */
export function parsePermissionSetImportId(
  id: string,
): { permissionSetArn: string; instanceArn: string } | undefined {
  const match = PERMISSION_SET_IMPORT_ID.exec(id);
  if (!match || match[2] !== match[4]) return undefined;
  return { permissionSetArn: match[1] as string, instanceArn: match[3] as string };
}

/**
 * The import ID of an `ssoadmin.AccountAssignment`:
 * `<principal ID>,<GROUP|USER>,<account ID>,AWS_ACCOUNT,<permission set ARN>,<instance ARN>`.
 */
export function accountAssignmentImportId(parts: {
  readonly principalId: string;
  readonly principalType: "GROUP" | "USER";
  readonly accountId: string;
  readonly permissionSetArn: string;
  readonly instanceArn: string;
}): string {
  return [
    parts.principalId,
    parts.principalType,
    parts.accountId,
    "AWS_ACCOUNT",
    parts.permissionSetArn,
    parts.instanceArn,
  ].join(",");
}

/**
 * The principal ID a group or user is known by before any run (from its import ID, or an
 * external group's `groupId` pin), or undefined when only a create or a lookup tells.
 */
export function knownPrincipalId(owner: GroupSpec | UserSpec): string | undefined {
  if (owner.importId !== undefined) return parseDirectoryImportId(owner.importId)?.objectId;
  return "key" in owner ? owner.pin?.groupId : undefined;
}
