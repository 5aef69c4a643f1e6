/**
 * Adopting what already exists: the `import` keys of groups, users, permission sets and grants.
 * An import ID has the provider's shape (components/import-ids.ts) and must name the configured
 * identity store and instance; a grant's `import: true` needs both of its IDs known from config
 * (the principal's and the permission set's), because Pulumi's `import` option is plain text.
 */
import type { GroupSpec, PermissionSetSpec, UserSpec } from "./types";
import type { At } from "./config-read";
import { readText } from "./config-values";
import {
  DIRECTORY_IMPORT_ID,
  PERMISSION_SET_IMPORT_ID,
  knownPrincipalId,
  parseDirectoryImportId,
  parsePermissionSetImportId,
} from "../components/import-ids";

/** A provider import ID `<identity store ID>/<object ID>`, checked against the configured store. */
export function readDirectoryImportId(
  at: At,
  value: unknown,
  identityStoreId: string | undefined,
  what: "group" | "user",
): string | undefined {
  const id = readText(at, value, {
    pattern: DIRECTORY_IMPORT_ID,
    patternHint: `the ${what}'s import ID <identity store ID>/<${what} ID>, like d-1111111111/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a`,
  });
  const parsed = id === undefined ? undefined : parseDirectoryImportId(id);
  if (parsed && identityStoreId !== undefined && parsed.identityStoreId !== identityStoreId) {
    at.problem(
      `names identity store ${parsed.identityStoreId}, but argo-sso:identityCenter.identityStoreId is ${identityStoreId}`,
    );
    return undefined;
  }
  return id;
}

/** A permission set's import ID `<permission set ARN>,<instance ARN>` (one instance in both). */
export function readPermissionSetImportId(at: At, value: unknown): string | undefined {
  const id = readText(at, value, {
    pattern: PERMISSION_SET_IMPORT_ID,
    patternHint:
      "the permission set's import ID <permission set ARN>,<instance ARN>, like arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222,arn:aws:sso:::instance/ssoins-1111111111111111",
  });
  if (id !== undefined && parsePermissionSetImportId(id) === undefined) {
    at.problem("the permission set ARN and the instance ARN name different instances");
    return undefined;
  }
  return id;
}

/**
 * Cross-key checks of adoption: every `import: true` grant has a known principal and adopts an
 * imported permission set, and every permission-set import names the configured instance.
 */
export function checkAdoption(
  root: At,
  groups: ReadonlyMap<string, GroupSpec>,
  users: ReadonlyMap<string, UserSpec>,
  permissionSets: ReadonlyMap<string, PermissionSetSpec>,
  instanceArn: string | undefined,
  definedSets: readonly string[] | undefined,
): void {
  for (const [name, set] of permissionSets) {
    const parsed = set.importId === undefined ? undefined : parsePermissionSetImportId(set.importId);
    if (parsed && instanceArn !== undefined && parsed.instanceArn !== instanceArn) {
      root
        .at("permissionSets", name, "import")
        .problem(
          `names instance ${parsed.instanceArn}, but argo-sso:identityCenter.instanceArn is ${instanceArn}`,
        );
    }
  }
  const owners: [At, GroupSpec | UserSpec][] = [
    ...[...groups].map(([k, g]): [At, GroupSpec] => [root.at("groups", k), g]),
    ...[...users].map(([k, u]): [At, UserSpec] => [root.at("users", k), u]),
  ];
  for (const [at, owner] of owners) {
    for (const grant of "key" in owner ? owner.aws : (owner.aws ?? [])) {
      if (grant.adopt !== true) continue;
      const here = at.at("aws");
      if (knownPrincipalId(owner) === undefined) {
        here.problem(
          `import: true on permission set ${grant.permissionSet} needs the principal's ID in config: set import on this group or user (or groupId on an external group)`,
        );
      }
      const set = permissionSets.get(grant.permissionSet);
      // A set defined in config but invalid is reported already; anything else absent is a preset made here.
      const invalid = set === undefined && (definedSets ?? []).includes(grant.permissionSet);
      if (!invalid && set?.importId === undefined) {
        here.problem(
          `import: true on permission set ${grant.permissionSet}: that set is created by this stack, so none of its assignments exists yet; set argo-sso:permissionSets.${grant.permissionSet}.import to adopt it first`,
        );
      }
    }
  }
}
