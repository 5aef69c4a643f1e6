/**
 * Organizational units as assignment targets: an `accounts` entry may name an OU
 * (`ou-xxxx-xxxxxxxx`); `index.ts` asks Organizations for its descendant accounts at preview
 * (`aws.organizations.getOrganizationalUnitDescendantAccounts`) and this module folds them into
 * the grants' account IDs. Assignments stay keyed by (principal, permission set, account), so an
 * account joining or leaving the OU adds or removes only its own assignments.
 *
 * Pure: no Pulumi, no cloud.
 */
import type { GroupAwsGrant } from "../components/identity-center-types";
import type { StackConfig } from "./schema";

/** An account as Organizations reports it (fields of `GetOrganizationalUnitDescendantAccountsAccount`). */
export interface OuAccount {
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`; only active accounts are targets. */
  readonly status: string;
}

/** Every OU the config's grants name, sorted and de-duplicated (what `index.ts` must resolve). */
export function organizationalUnitsOf(config: Pick<StackConfig, "groups" | "users">): string[] {
  const ous = new Set<string>();
  for (const grants of grantLists(config)) {
    for (const grant of grants) for (const ou of grant.organizationalUnits ?? []) ous.add(ou);
  }
  return [...ous].sort();
}

function grantLists(config: Pick<StackConfig, "groups" | "users">): (readonly GroupAwsGrant[])[] {
  return [
    ...Object.values(config.groups).map((g) => g.aws),
    ...Object.values(config.users).map((u) => u.aws ?? []),
  ];
}

/** The result of {@link expandOrganizationalUnits}. */
export interface ExpandedTargets {
  /** The config with each grant's OU accounts merged into its `accountIds` (sorted, unique). */
  readonly config: StackConfig;
  /** `argo-sso:<key>: ...` lines for OUs without an active account. */
  readonly warnings: string[];
}

function expandGrants(
  grants: readonly GroupAwsGrant[],
  resolved: ReadonlyMap<string, readonly OuAccount[]>,
  key: string,
  warnings: string[],
): GroupAwsGrant[] {
  return grants.map((grant) => {
    const ous = grant.organizationalUnits ?? [];
    if (ous.length === 0) return grant;
    const ids = new Set(grant.accountIds);
    for (const ou of ous) {
      const active = (resolved.get(ou) ?? []).filter((a) => a.status === "ACTIVE");
      if (active.length === 0) {
        warnings.push(
          `${key}: organizational unit ${ou} (permission set ${grant.permissionSet}) has no active account; nothing is assigned through it`,
        );
      }
      for (const account of active) ids.add(account.id);
    }
    return { ...grant, accountIds: [...ids].sort() };
  });
}

/**
 * Folds the OUs' active descendant accounts into the grants. Accounts that `argo-sso:accounts`
 * does not name get their Organizations name for the AWS CLI profiles (when that name is free).
 *
 * @param resolved OU ID → its descendant accounts; every OU of {@link organizationalUnitsOf} must be present
 */
export function expandOrganizationalUnits(
  config: StackConfig,
  resolved: ReadonlyMap<string, readonly OuAccount[]>,
): ExpandedTargets {
  const warnings: string[] = [];
  const groups = Object.fromEntries(
    Object.entries(config.groups).map(([k, g]) => [
      k,
      { ...g, aws: expandGrants(g.aws, resolved, `argo-sso:groups.${k}.aws`, warnings) },
    ]),
  );
  const users = Object.fromEntries(
    Object.entries(config.users).map(([k, u]) => [
      k,
      u.aws === undefined
        ? u
        : { ...u, aws: expandGrants(u.aws, resolved, `argo-sso:users.${k}.aws`, warnings) },
    ]),
  );
  const accounts: Record<string, string> = { ...config.accounts };
  const named = new Set(Object.values(accounts));
  for (const ou of [...resolved.keys()].sort()) {
    for (const account of resolved.get(ou) ?? []) {
      if (
        named.has(account.id) ||
        account.name === "" ||
        Object.prototype.hasOwnProperty.call(accounts, account.name)
      )
        continue;
      accounts[account.name] = account.id;
      named.add(account.id);
    }
  }
  return { config: { ...config, groups, users, accounts }, warnings: [...new Set(warnings)].sort() };
}
