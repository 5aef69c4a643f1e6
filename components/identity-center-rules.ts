/**
 * Organisation-level rules of IAM Identity Center that no single config key shows: names the
 * Identity Store reserves, what a delegated administrator may not touch, and directory users
 * that can never sign in. Pure: the stack-config loader and the component both apply them, so
 * a config is refused before anything is declared, with the key that has to change.
 */
import type { Segment } from "./config-key";
import type { Deployer, GroupSpec, IdentitySource, UserSpec } from "./identity-center-types";
import type { PermissionSetSpec } from "./permission-set";

/**
 * Names the Identity Store reserves for its own use: a group or user with one of them is
 * refused at apply time (FIELD-NOTES, "Learned from reading the upstream sources"). Compared
 * ignoring case, to be safe: the Identity Store treats names case-insensitively.
 */
export const RESERVED_NAMES = ["Administrator", "AWSAdministrators"] as const;

/** One finding: the config path below `argo-sso:` and the message. */
export interface RuleFinding {
  readonly path: readonly Segment[];
  readonly message: string;
}

/** What the rules look at (a subset of the stack config / component args). */
export interface RuleInputs {
  readonly permissionSets: Readonly<Record<string, PermissionSetSpec>>;
  readonly users: Readonly<Record<string, UserSpec>>;
  readonly groups: Readonly<Record<string, GroupSpec>>;
  /** @default "management" */
  readonly deployer?: Deployer;
  readonly managementAccountId?: string;
  /** @default "identityCenter" */
  readonly identitySource?: IdentitySource;
}

function reserved(name: string): string | undefined {
  return RESERVED_NAMES.find((r) => r.toLowerCase() === name.toLowerCase());
}

/** Managed groups and directory users whose name the Identity Store reserves. */
export function reservedNameProblems(inputs: RuleInputs): RuleFinding[] {
  const found: RuleFinding[] = [];
  for (const [key, group] of Object.entries(inputs.groups)) {
    const name = reserved(group.displayName);
    // External groups are only looked up; the IdP could not have created one with this name.
    if (name !== undefined && group.source === "managed") {
      found.push({
        path: ["groups", key, ...(group.displayName === key ? [] : ["displayName"])],
        message: `the group name "${group.displayName}" is reserved by IAM Identity Center (${RESERVED_NAMES.join(", ")}); choose another displayName`,
      });
    }
  }
  for (const [userName, user] of Object.entries(inputs.users)) {
    if (reserved(userName) !== undefined && user.source !== "existing") {
      found.push({
        path: ["users", userName],
        message: `the user name "${userName}" is reserved by IAM Identity Center (${RESERVED_NAMES.join(", ")})`,
      });
    }
  }
  return found;
}

/**
 * With a delegated administrator deploying: every grant into the management account, and every
 * permission set granted there, is refused. A delegated administrator can neither create
 * assignments in the management account nor change a permission set provisioned to it (user
 * guide, "Delegated administration"); those belong to a small stack run with management-account
 * credentials (docs/identity-center.md, "Delegated administration").
 */
export function delegatedAdminProblems(inputs: RuleInputs): RuleFinding[] {
  const management = inputs.managementAccountId;
  if (inputs.deployer !== "delegatedAdmin" || management === undefined) return [];
  const found: RuleFinding[] = [];
  const setsThere = new Map<string, string[]>();
  const owners = [
    ...Object.entries(inputs.groups).map(([key, g]) => ["groups", key, g.aws] as const),
    ...Object.entries(inputs.users).map(([key, u]) => ["users", key, u.aws ?? []] as const),
  ];
  for (const [kind, key, grants] of owners) {
    grants.forEach((grant, i) => {
      if (!grant.accountIds.includes(management)) return;
      found.push({
        path: [kind, key, "aws", i, "accounts"],
        message: `grants ${grant.permissionSet} in the management account ${management}; a delegated administrator cannot create assignments there: move this grant to a stack deployed with management-account credentials`,
      });
      const users = setsThere.get(grant.permissionSet) ?? [];
      users.push(`${kind}.${key}.aws[${i}]`);
      setsThere.set(grant.permissionSet, users);
    });
  }
  for (const [name, where] of setsThere) {
    if (!(name in inputs.permissionSets)) continue;
    found.push({
      path: ["permissionSets", name],
      message: `is granted in the management account ${management} (${where.join(", ")}); a delegated administrator cannot change a permission set provisioned there: define it in the management-account stack`,
    });
  }
  return found;
}

/**
 * Directory users declared while the identity source is an external IdP: every sign-in then
 * goes to the IdP, so such users can never sign in (and are not synced back to the IdP).
 */
export function unusableUserWarnings(inputs: RuleInputs): RuleFinding[] {
  // Existing users (`source: existing`) are the IdP's own, synced users: nothing to warn about.
  const users = Object.keys(inputs.users).filter((name) => inputs.users[name]?.source !== "existing");
  if (users.length === 0 || inputs.identitySource !== "external") return [];
  return [
    {
      path: ["users"],
      message:
        `${users.length} Identity Center directory user(s) declared, but identityCenter.identitySource is external: ` +
        `every sign-in goes to the external IdP, so these users can never sign in. ` +
        `Break glass with an IAM role or Argo CD's local admin instead (docs/identity-center.md, "Break glass")`,
    },
  ];
}
