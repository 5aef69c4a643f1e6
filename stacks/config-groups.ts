/**
 * `argo-sso:groups`: who gets what. Every cross reference (users, permission sets, accounts,
 * Argo CD roles) is resolved against what the other keys define, even when those keys have
 * problems of their own, so one run reports everything.
 */
import {
  WORKFLOWS_ROLES,
  type GroupAwsGrant,
  type GroupPin,
  type GroupSource,
  type GroupSpec,
  type WorkflowsRole,
} from "./types";
import { At, checkKeys, describe, didYouMean, own } from "./config-read";
import {
  anyInvalid,
  readBool,
  readChoice,
  readGiven,
  readList,
  readObj,
  readSection,
  readText,
} from "./config-values";
import { IDENTITY_STORE_OBJECT_ID, ORGANIZATIONAL_UNIT_ID } from "../components/import-ids";
import { readDirectoryImportId } from "./config-adoption";
import { ACCOUNT_ID, readAccountId, type AccountsResult } from "./config-identity";
import { readArgoCdRole } from "./config-argocd-rbac";
import { PRESETS, PRESET_NAMES, isPresetName, type PresetName } from "./presets";

/** Group keys become part of resource names: letters, digits and `._@+=,-`, 1–128. */
export const GROUP_KEY = /^[A-Za-z0-9._@+=,-]{1,128}$/;
const GROUP_KEYS = [
  "displayName",
  "description",
  "source",
  "members",
  "aws",
  "argocd",
  "workflows",
  "groupId",
  "externalId",
  "import",
];

/** What the groups may refer to. */
export interface GroupRefs {
  readonly accounts: AccountsResult;
  /** Permission-set names defined in config (valid or not); undefined when unreadable (only presets are checked). */
  readonly permissionSets: readonly string[] | undefined;
  /** User names defined in config (valid or not); undefined when unreadable (members are not checked). */
  readonly users: readonly string[] | undefined;
  /** Custom Argo CD role names; undefined when `argocd.roles` is unreadable (nothing is reported then). */
  readonly argocdRoles: readonly string[] | undefined;
  /** `identityCenter.ownerStack`: set in a cluster stack, which declares no groups of its own. */
  readonly ownerStack?: string;
  /** `identityCenter.identityStoreId` when configured: import IDs must name the same store. */
  readonly identityStoreId?: string;
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

/** An account reference: `{ account }` (a 12-digit ID) or `{ ou }` (an organizational unit ID). */
type TargetRef = { readonly account: string } | { readonly ou: string };

function readAccountRef(at: At, value: unknown, accounts: AccountsResult): TargetRef | undefined {
  if (typeof value === "number") {
    const id = readAccountId(at, value);
    return id === undefined ? undefined : { account: id };
  }
  const ref = readText(at, value);
  if (ref === undefined) return undefined;
  if (ACCOUNT_ID.test(ref)) return { account: ref };
  if (ORGANIZATIONAL_UNIT_ID.test(ref)) return { ou: ref };
  if (/^(ou|r)-/.test(ref) && !accounts.names.includes(ref)) {
    at.problem(
      ref.startsWith("r-")
        ? `an organization root (${ref}) cannot be a target; name its organizational units (ou-xxxx-xxxxxxxx) or accounts`
        : `unknown organizational unit format ${describe(ref)}: an OU ID is ou-, 4 to 32 lower-case letters or digits, -, 8 to 32 more (ou-ab12-cd34ef56)`,
    );
    return undefined;
  }
  const named = accounts.ids.get(ref);
  if (named !== undefined) return { account: named };
  if (!accounts.usable || accounts.names.includes(ref)) return undefined;
  at.problem(
    `unknown account ${JSON.stringify(ref)}${didYouMean(ref, accounts.names)}; use a name from argo-sso:accounts (${knownList(accounts.names)}), a 12-digit ID or an OU ID (ou-...)`,
  );
  return undefined;
}

/**
 * Reads `aws` (of a group or a user): grants merged per permission set, account IDs resolved,
 * sorted and de-duplicated, OU IDs kept apart for `index.ts` to resolve.
 */
export function readGrants(
  at: At,
  value: unknown,
  refs: GroupRefs,
  presets: Set<PresetName>,
): GroupAwsGrant[] | undefined {
  const list = readList(at, value, "{ permissionSet, accounts } grants");
  if (!list) return undefined;
  const merged = new Map<string, { accounts: Set<string>; ous: Set<string>; adopt: boolean }>();
  let ok = true;
  list.forEach((item, i) => {
    const here = at.at(i);
    const obj = readObj(here, item, "permissionSet and accounts");
    if (!obj) {
      ok = false;
      return;
    }
    checkKeys(here, obj, ["permissionSet", "accounts", "import"]);
    const adopt = readGiven(here, obj, "import", readBool);
    const permissionSet = readPermissionSetRef(
      here.at("permissionSet"),
      own(obj, "permissionSet"),
      refs,
      presets,
    );
    const accounts = readList(here.at("accounts"), own(obj, "accounts"), "account names or 12-digit IDs");
    if (accounts?.length === 0) here.at("accounts").problem("must name at least one account");
    const ids = (accounts ?? []).map((a, j) => readAccountRef(here.at("accounts", j), a, refs.accounts));
    if (
      permissionSet === undefined ||
      !accounts ||
      accounts.length === 0 ||
      ids.includes(undefined) ||
      anyInvalid([adopt])
    ) {
      ok = false;
      return;
    }
    const entry = merged.get(permissionSet) ?? {
      accounts: new Set<string>(),
      ous: new Set<string>(),
      adopt: false,
    };
    for (const ref of ids as TargetRef[]) {
      if ("ou" in ref) entry.ous.add(ref.ou);
      else entry.accounts.add(ref.account);
    }
    entry.adopt ||= adopt.value === true;
    merged.set(permissionSet, entry);
  });
  if (!ok) return undefined;
  return [...merged].map(([permissionSet, entry]) => ({
    permissionSet,
    accountIds: [...entry.accounts].sort(),
    ...(entry.ous.size === 0 ? {} : { organizationalUnits: [...entry.ous].sort() }),
    ...(entry.adopt ? { adopt: true } : {}),
  }));
}

function readExternalId(at: At, value: unknown): { issuer: string; id: string } | undefined {
  const obj = readSection(at, value, "issuer and id", ["issuer", "id"]);
  if (!obj) return undefined;
  const issuer = readText(at.at("issuer"), own(obj, "issuer"), { max: 100 });
  const id = readText(at.at("id"), own(obj, "id"), { max: 256 });
  return issuer === undefined || id === undefined ? undefined : { issuer, id };
}

/** `groupId` / `externalId`: pins of an external group; `import`: adoption of a managed one. */
function readIdentifiers(at: At, fields: Record<string, unknown>, source: GroupSource, refs: GroupRefs) {
  const groupId = readGiven(at, fields, "groupId", (h, v) =>
    readText(h, v, {
      pattern: IDENTITY_STORE_OBJECT_ID,
      patternHint: "an Identity Store group ID like 90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a",
    }),
  );
  const externalId = readGiven(at, fields, "externalId", readExternalId);
  const importId = readGiven(at, fields, "import", (h, v) =>
    readDirectoryImportId(h, v, refs.identityStoreId, "group"),
  );
  if (groupId.given && externalId.given) {
    at.at("externalId").problem("pin the group by groupId or by externalId, not both");
  }
  for (const [key, field] of [
    ["groupId", groupId],
    ["externalId", externalId],
  ] as const) {
    if (field.given && source !== "external") {
      at.at(key).problem(
        `pins an external group; this group is ${source === "owner" ? "the owner stack's" : "created here (to adopt an existing group, use import)"}`,
      );
    }
  }
  if (importId.given && source !== "managed") {
    at.at("import").problem(
      `adopts a group this stack manages; a ${source} group is only looked up (pin it with groupId instead)`,
    );
  }
  return { groupId, externalId, importId };
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

/**
 * A cluster stack (`identityCenter.ownerStack`) owns no part of Identity Center but its SAML
 * application's assignments: members and account assignments belong to the owner stack.
 */
function clusterStackChecks(at: At, fields: Record<string, unknown>, ownerStack: string): void {
  const why = `this is a cluster stack (argo-sso:identityCenter.ownerStack is ${ownerStack}), which owns no Identity Center groups`;
  if (own(fields, "members") !== undefined)
    at.at("members").problem(`${why}; declare members in the owner stack`);
  if (own(fields, "aws") !== undefined)
    at.at("aws").problem(`${why}; account assignments belong to the owner stack`);
  if (own(fields, "import") !== undefined) at.at("import").problem(`${why}; adopt groups in the owner stack`);
  if (own(fields, "description") !== undefined)
    at.at("description").problem(`${why}; describe the group in the owner stack`);
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
    readChoice<GroupSource>(h, v, ["managed", "external", "owner"]),
  );
  if (source.value === "owner" && refs.ownerStack === undefined) {
    at.at("source").problem(
      "owner refers to a group of the stack that owns Identity Center; set argo-sso:identityCenter.ownerStack (or use managed / external)",
    );
  }
  if (source.value === "managed" && refs.ownerStack !== undefined) {
    at.at("source").problem(
      `a cluster stack (argo-sso:identityCenter.ownerStack is ${refs.ownerStack}) creates no groups; use owner (the owner stack's groupIds) or external (lookup)`,
    );
  }
  const effectiveSource: GroupSource = source.value ?? (refs.ownerStack === undefined ? "managed" : "owner");
  const ids = readIdentifiers(at, fields, effectiveSource, refs);
  if (refs.ownerStack !== undefined) clusterStackChecks(at, fields, refs.ownerStack);
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
  if (
    anyInvalid([displayName, description, source, members, aws, argocd, workflows]) ||
    anyInvalid([ids.groupId, ids.externalId, ids.importId])
  )
    return undefined;
  const pinned = ids.groupId.value !== undefined || ids.externalId.value !== undefined;
  const pin: GroupPin | undefined = pinned
    ? {
        ...(ids.groupId.value === undefined ? {} : { groupId: ids.groupId.value }),
        ...(ids.externalId.value === undefined ? {} : { externalId: ids.externalId.value }),
        ...(displayName.value === undefined ? {} : { displayName: displayName.value }),
      }
    : undefined;
  const spec: GroupSpec = {
    key,
    displayName: displayName.value ?? key,
    description: description.value,
    source: effectiveSource,
    ...(pin === undefined ? {} : { pin }),
    ...(ids.importId.value === undefined ? {} : { importId: ids.importId.value }),
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
