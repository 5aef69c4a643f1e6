/**
 * Pure planning helpers for the Identity Center components: which account assignments,
 * application assignments and CLI profiles a config implies, and the referential checks that
 * must hold before any resource is declared. No Pulumi, no cloud: tested directly.
 */
import { formatKey } from "./config-key";
import type { Deployer, GroupSpec, UserSpec } from "./identity-center-types";
import type { PermissionSetSpec } from "./permission-set";
import { delegatedAdminProblems, reservedNameProblems } from "./identity-center-rules";
import type { AwsCliGrant } from "./aws-cli-config";
import { buildSamlApplicationSetup } from "./saml-app-setup";

/** One account assignment: a group (or a user) gets a permission set in an account. */
export interface AssignmentPlan {
  /** The group's config key (the user name when `principalType` is `USER`). */
  readonly groupKey: string;
  /** The permission set's config key. */
  readonly permissionSet: string;
  /** 12-digit AWS account ID. */
  readonly accountId: string;
  /** @default "GROUP" */
  readonly principalType?: "GROUP" | "USER";
  /** The grant asks to adopt the existing assignment (`import: true`). */
  readonly adopt?: boolean;
}

/** Inputs the checks look at (a subset of `IdentityCenterArgs`). */
export interface IdentityCenterPlanInputs {
  readonly permissionSets: Readonly<Record<string, PermissionSetSpec>>;
  readonly users: Readonly<Record<string, UserSpec>>;
  readonly groups: Readonly<Record<string, GroupSpec>>;
  readonly samlApplicationArn: string;
  readonly argocdUrl: string;
  readonly deployer?: Deployer;
  readonly managementAccountId?: string;
}

/** An AWS account ID: exactly 12 digits, kept as a string. Shared with the stack-config loader. */
export const ACCOUNT_ID = /^\d{12}$/;
/**
 * An Identity Center application ARN (FIELD-NOTES "IDs"); group 1 is the instance id
 * (`ssoins-...`). Shared with the stack-config loader.
 */
export const APPLICATION_ARN =
  /^arn:aws[a-z-]*:sso::\d{12}:application\/((sso)?ins-[a-zA-Z0-9-.]{16})\/apl-[a-zA-Z0-9]{16}$/;

/**
 * Every (group, permission set, account) triple the groups grant, de-duplicated and sorted by
 * permission set, group, account: the order resources are declared in, so runs are stable.
 */
export function planAccountAssignments(groups: Readonly<Record<string, GroupSpec>>): AssignmentPlan[] {
  return plan(
    Object.entries(groups).map(([key, group]) => [key, group.aws] as const),
    "GROUP",
  );
}

/** The same for assignments to users directly (`argo-sso:users.<name>.aws`), principal type `USER`. */
export function planUserAssignments(users: Readonly<Record<string, UserSpec>>): AssignmentPlan[] {
  return plan(
    Object.entries(users).map(([name, user]) => [name, user.aws ?? []] as const),
    "USER",
  );
}

function plan(
  owners: readonly (readonly [string, readonly GroupSpec["aws"][number][]])[],
  principalType: "GROUP" | "USER",
): AssignmentPlan[] {
  const plans = new Map<string, AssignmentPlan>();
  for (const [groupKey, grants] of owners) {
    for (const grant of grants) {
      for (const accountId of grant.accountIds) {
        const found: AssignmentPlan = {
          groupKey,
          permissionSet: grant.permissionSet,
          accountId,
          ...(principalType === "USER" ? { principalType } : {}),
          ...(grant.adopt === true ? { adopt: true } : {}),
        };
        plans.set(JSON.stringify([found.permissionSet, groupKey, accountId]), found);
      }
    }
  }
  return [...plans.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
}

/**
 * Keys of the groups that need the Argo CD SAML application: those with an `argocd` or a
 * `workflows` role. Only groups are assigned, never users: a user who reaches Argo Workflows
 * without any group makes its `... in groups` rules fail (argo-workflows #13061).
 */
export function argoGroupKeys(groups: Readonly<Record<string, GroupSpec>>): string[] {
  return Object.keys(groups)
    .filter((key) => hasRole(groups[key]?.argocd) || hasRole(groups[key]?.workflows))
    .sort();
}

/**
 * The (account, permission set) pairs for the AWS CLI config, each account labelled with its
 * friendly name from `accounts` (the alphabetically first one when an ID has several).
 */
export function awsCliGrants(
  groups: Readonly<Record<string, GroupSpec>>,
  accounts: Readonly<Record<string, string>>,
  users: Readonly<Record<string, UserSpec>> = {},
): AwsCliGrant[] {
  const names = new Map<string, string>();
  for (const name of Object.keys(accounts).sort()) {
    const id = accounts[name] as string;
    if (!names.has(id)) names.set(id, name);
  }
  const seen = new Set<string>();
  const grants: AwsCliGrant[] = [];
  const plans = [...planAccountAssignments(groups), ...planUserAssignments(users)].sort((a, b) =>
    a.permissionSet < b.permissionSet ? -1 : a.permissionSet > b.permissionSet ? 1 : 0,
  );
  for (const plan of plans) {
    const key = JSON.stringify([plan.accountId, plan.permissionSet]);
    if (seen.has(key)) continue;
    seen.add(key);
    const accountName = names.get(plan.accountId);
    grants.push({
      accountId: plan.accountId,
      permissionSet: plan.permissionSet,
      ...(accountName === undefined ? {} : { accountName }),
    });
  }
  return grants;
}

/**
 * Every referential problem in the inputs, each naming its config key (`argo-sso:groups.x...`),
 * so that the component fails before declaring anything. Empty when all is well. The stack's
 * config loader checks the same and more; this keeps the component safe on its own.
 */
export function identityCenterProblems(inputs: IdentityCenterPlanInputs): string[] {
  const problems: string[] = [];
  const known = Object.keys(inputs.permissionSets).sort();
  const users = Object.keys(inputs.users).sort();
  const displayNames = new Map<string, string>();

  if (!APPLICATION_ARN.test(inputs.samlApplicationArn)) {
    problems.push(
      `argo-sso:identityCenter.samlApplication.arn: must be an Identity Center application ARN, got "${inputs.samlApplicationArn}"`,
    );
  }
  try {
    buildSamlApplicationSetup(inputs.argocdUrl);
  } catch (err) {
    problems.push(`argo-sso:argocd.url: ${(err as Error).message}`);
  }
  for (const [userName, user] of Object.entries(inputs.users)) {
    (user.aws ?? []).forEach((grant, i) => {
      if (!(grant.permissionSet in inputs.permissionSets)) {
        problems.push(
          `argo-sso:users.${userName}.aws[${i}].permissionSet: unknown permission set "${grant.permissionSet}"; known: ${known.join(", ") || "none"}`,
        );
      }
    });
  }
  for (const [key, group] of Object.entries(inputs.groups)) {
    const at = `argo-sso:groups.${key}`;
    const other = displayNames.get(group.displayName);
    if (other !== undefined) {
      problems.push(`${at}.displayName: "${group.displayName}" is also the display name of group "${other}"`);
    } else {
      displayNames.set(group.displayName, key);
    }
    if (group.source === "external" && group.members.length > 0) {
      problems.push(
        `${at}.members: external groups are synced by SCIM; members can only be set on managed groups`,
      );
    }
    group.members.forEach((member, i) => {
      if (!(member in inputs.users)) {
        problems.push(`${at}.members[${i}]: unknown user "${member}"; known: ${users.join(", ") || "none"}`);
      }
    });
    group.aws.forEach((grant, i) => {
      if (!(grant.permissionSet in inputs.permissionSets)) {
        problems.push(
          `${at}.aws[${i}].permissionSet: unknown permission set "${grant.permissionSet}"; known: ${known.join(", ") || "none"}`,
        );
      }
      grant.accountIds.forEach((id, j) => {
        if (!ACCOUNT_ID.test(id))
          problems.push(`${at}.aws[${i}].accounts[${j}]: must be a 12-digit account ID, got "${id}"`);
      });
    });
  }
  for (const f of [...reservedNameProblems(inputs), ...delegatedAdminProblems(inputs)]) {
    problems.push(`${formatKey("argo-sso", f.path)}: ${f.message}`);
  }
  return problems;
}

function hasRole(role: string | undefined): boolean {
  return role !== undefined && role !== "";
}
