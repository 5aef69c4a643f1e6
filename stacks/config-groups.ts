/**
 * `argo-sso:groups`: who gets what. Every cross reference (users, permission sets, accounts,
 * Argo CD roles) is resolved against what the other keys define, even when those keys have
 * problems of their own, so one run reports everything.
 */
import {
  WORKFLOWS_ROLES,
  type GroupAwsGrant,
  type GroupSource,
  type GroupSpec,
  type WorkflowsRole,
} from "./types";
import { At, checkKeys, describe, didYouMean, own } from "./config-read";
import { anyInvalid, readChoice, readGiven, readList, readObj, readText } from "./config-values";
import { ACCOUNT_ID, readAccountId, type AccountsResult } from "./config-identity";
import { readArgoCdRole } from "./config-argocd-rbac";
import { PRESETS, PRESET_NAMES, isPresetName, type PresetName } from "./presets";

/** Group keys become part of resource names: letters, digits and `._@+=,-`, 1–128. */
export const GROUP_KEY = /^[A-Za-z0-9._@+=,-]{1,128}$/;
const GROUP_KEYS = ["displayName", "description", "source", "members", "aws", "argocd", "workflows"];

/** What the groups may refer to. */
export interface GroupRefs {
  readonly accounts: AccountsResult;
  /** Permission-set names defined in config (valid or not); undefined when unreadable (only presets are checked). */
  readonly permissionSets: readonly string[] | undefined;
  /** User names defined in config (valid or not); undefined when unreadable (members are not checked). */
  readonly users: readonly string[] | undefined;
  /** Custom Argo CD role names; undefined when `argocd.roles` is unreadable (nothing is reported then). */
  readonly argocdRoles: readonly string[] | undefined;
}

/** What `argo-sso:groups` yields. */
export interface GroupsResult {
  readonly specs: ReadonlyMap<string, GroupSpec>;
  /** Presets that groups name directly, to instantiate with their defaults. */
  readonly presetRefs: ReadonlySet<PresetName>;
}

function knownList(names: readonly string[]): string {
  return names.length === 0 ? "none" : [...names].sort().join(", ");
}

function readPermissionSetRef(
  at: At,
  value: unknown,
  refs: GroupRefs,
  presets: Set<PresetName>,
): string | undefined {
  const name = readText(at, value);
  if (name === undefined) return undefined;
  const defined = refs.permissionSets ?? [];
  if (defined.includes(name)) return name;
  if (isPresetName(name)) {
    const clash = defined.find((n) => n.toLowerCase() === name.toLowerCase());
    const required = PRESETS[name].parameters.filter((p) => p.required).map((p) => p.name);
    if (clash !== undefined) {
      at.problem(
        `preset ${name} differs only in case from permission set "${clash}"; AWS names are unique ignoring case`,
      );
    } else if (required.length > 0) {
      at.problem(
        `preset ${name} needs parameters (${required.join(", ")}); define it under argo-sso:permissionSets with preset and parameters`,
      );
    } else {
      presets.add(name);
      return name;
    }
    return undefined;
  }
  // An unreadable permissionSets map is reported already; the name may well be in it.
  if (refs.permissionSets === undefined) return undefined;
  at.problem(
    `unknown permission set ${JSON.stringify(name)}${didYouMean(name, [...defined, ...PRESET_NAMES])}; known: ${knownList(defined)}; presets: ${PRESET_NAMES.join(", ")}`,
  );
  return undefined;
}

function readAccountRef(at: At, value: unknown, accounts: AccountsResult): string | undefined {
  if (typeof value === "number") return readAccountId(at, value);
  const ref = readText(at, value);
  if (ref === undefined) return undefined;
  if (ACCOUNT_ID.test(ref)) return readAccountId(at, ref);
  const id = accounts.ids.get(ref);
  if (id !== undefined || !accounts.usable || accounts.names.includes(ref)) return id;
  at.problem(
    `unknown account ${JSON.stringify(ref)}${didYouMean(ref, accounts.names)}; use a name from argo-sso:accounts (${knownList(accounts.names)}) or a 12-digit ID`,
  );
  return undefined;
}

/** Reads `aws`: grants merged per permission set, account IDs resolved, sorted and de-duplicated. */
function readGrants(
  at: At,
  value: unknown,
  refs: GroupRefs,
  presets: Set<PresetName>,
): GroupAwsGrant[] | undefined {
  const list = readList(at, value, "{ permissionSet, accounts } grants");
  if (!list) return undefined;
  const merged = new Map<string, Set<string>>();
  let ok = true;
  list.forEach((item, i) => {
    const here = at.at(i);
    const obj = readObj(here, item, "permissionSet and accounts");
    if (!obj) {
      ok = false;
      return;
    }
    checkKeys(here, obj, ["permissionSet", "accounts"]);
    const permissionSet = readPermissionSetRef(
      here.at("permissionSet"),
      own(obj, "permissionSet"),
      refs,
      presets,
    );
    const accounts = readList(here.at("accounts"), own(obj, "accounts"), "account names or 12-digit IDs");
    if (accounts?.length === 0) here.at("accounts").problem("must name at least one account");
    const ids = (accounts ?? []).map((a, j) => readAccountRef(here.at("accounts", j), a, refs.accounts));
    if (permissionSet === undefined || !accounts || accounts.length === 0 || ids.includes(undefined)) {
      ok = false;
      return;
    }
    const set = merged.get(permissionSet) ?? new Set<string>();
    ids.forEach((id) => set.add(id as string));
    merged.set(permissionSet, set);
  });
  if (!ok) return undefined;
  return [...merged].map(([permissionSet, ids]) => ({ permissionSet, accountIds: [...ids].sort() }));
}

function readMembers(at: At, value: unknown, users: readonly string[] | undefined): string[] | undefined {
  const list = readList(at, value, "user names from argo-sso:users");
  if (!list) return undefined;
  const out = list.map((item, i) => {
    const name = readText(at.at(i), item);
    // An unreadable users map is reported already: members cannot be checked against it.
    if (name === undefined || users === undefined || users.includes(name)) return name;
    at.at(i).problem(
      `unknown user ${JSON.stringify(name)}${didYouMean(name, users)}; members must be keys of argo-sso:users (${knownList(users)})`,
    );
    return undefined;
  });
  return out.includes(undefined) ? undefined : [...new Set(out as string[])];
}

function readGroup(
  at: At,
  key: string,
  fields: Record<string, unknown>,
  refs: GroupRefs,
  presets: Set<PresetName>,
) {
  checkKeys(at, fields, GROUP_KEYS);
  const displayName = readGiven(at, fields, "displayName", (h, v) => readText(h, v, { max: 1024 }));
  const description = readGiven(at, fields, "description", (h, v) => readText(h, v, { max: 1024 }));
  const source = readGiven(at, fields, "source", (h, v) =>
    readChoice<GroupSource>(h, v, ["managed", "external"]),
  );
  const members = readGiven(at, fields, "members", (h, v) => readMembers(h, v, refs.users));
  const aws = readGiven(at, fields, "aws", (h, v) => readGrants(h, v, refs, presets));
  const argocd = readGiven(at, fields, "argocd", (h, v) => readArgoCdRole(h, v, refs.argocdRoles));
  const workflows = readGiven(at, fields, "workflows", (h, v) =>
    readChoice<WorkflowsRole>(h, v, WORKFLOWS_ROLES),
  );
  if (source.value === "external" && members.given) {
    at.at("members").problem(
      "an external group gets its members from the IdP by SCIM; remove members (or set source: managed)",
    );
    return undefined;
  }
  if (!aws.given && !argocd.given && !workflows.given) {
    at.warn("grants nothing: set aws, argocd or workflows");
  }
  if (anyInvalid([displayName, description, source, members, aws, argocd, workflows])) return undefined;
  const spec: GroupSpec = {
    key,
    displayName: displayName.value ?? key,
    description: description.value,
    source: source.value ?? "managed",
    members: members.value ?? [],
    aws: aws.value ?? [],
    argocd: argocd.value === "" ? undefined : argocd.value,
    workflows: workflows.value,
  };
  return spec;
}

/** Reads `argo-sso:groups` against what the other keys define. */
export function readGroups(at: At, value: unknown, refs: GroupRefs): GroupsResult {
  const specs = new Map<string, GroupSpec>();
  const presetRefs = new Set<PresetName>();
  if (value === undefined) {
    at.warn("no groups: nobody gets AWS access or can log in to Argo CD and Argo Workflows");
    return { specs, presetRefs };
  }
  const obj = readObj(at, value, "group key to group settings");
  if (!obj) return { specs, presetRefs };
  const displayNames = new Map<string, string>();
  for (const [key, entry] of Object.entries(obj)) {
    const here = at.at(key);
    if (!GROUP_KEY.test(key)) {
      here.problem(
        `group key must be 1 to 128 letters, digits and ._@+=,- (it names resources), got ${describe(key)}`,
      );
    }
    const fields = readObj(here, entry, "group settings");
    if (!fields) continue;
    const spec = readGroup(here, key, fields, refs, presetRefs);
    const given = own(fields, "displayName");
    const displayName = spec?.displayName ?? (typeof given === "string" ? given : key);
    const clash = displayNames.get(displayName);
    if (clash !== undefined) {
      here
        .at("displayName")
        .problem(
          `${describe(displayName)} is also the display name of group ${JSON.stringify(clash)}; display names must be unique`,
        );
    } else displayNames.set(displayName, key);
    if (spec) specs.set(key, spec);
  }
  return { specs, presetRefs };
}
