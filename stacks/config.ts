/**
 * The stack-configuration loader: turns the runtime config the Pulumi CLI hands the program
 * (`"argo-sso:groups"` → JSON text, `"aws:region"` → text, ...) into one validated, defaulted
 * {@link StackConfig}, or into the complete list of problems, each naming its full key:
 *
 *     argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer; presets: ...
 *
 * Pure and total: no Pulumi runtime, no env, no fs, and no input makes it throw. The reference
 * for every key is docs/configuration.md.
 */
import type { ArgoCdSpec, GroupSpec, PermissionSetSpec, StackConfig, UserSpec, WorkflowsSpec } from "./types";
import { At, Report, checkKeys, isObj, own } from "./config-read";
import { parseJsonValue, readBool, record } from "./config-values";
import { readAccounts, readIdentityCenter, readRegion, readUsers } from "./config-identity";
import { presetSpec, readPermissionSets } from "./config-permission-sets";
import { readGrants, readGroups } from "./config-groups";
import { checkAdoption } from "./config-adoption";
import { readArgoCd, readClientSecret, readCluster, readWorkflows } from "./config-argo";
import { PRESETS, partitionOf, type PresetName } from "./presets";
import { crossCheckIdentityCenter } from "./config-organization";

/** The result of {@link loadStackConfig}. */
export interface LoadResult {
  /** True iff there are no problems; then `config` is set. */
  ok: boolean;
  config?: StackConfig;
  /** `argo-sso:<key>: <message>` lines, sorted, every problem of the run. */
  problems: string[];
  /** Lines in the same format for things that work but deserve a look. */
  warnings: string[];
}

/** The project namespace of the config keys. */
export const NAMESPACE = "argo-sso" as const;

/** Every `argo-sso:*` key the program reads; any other is reported. */
export const CONFIG_KEYS = [
  "accounts",
  "identityCenter",
  "permissionSets",
  "users",
  "groups",
  "cluster",
  "argocd",
  "workflows",
  "clientSecret",
  "protect",
] as const;
type ConfigKey = (typeof CONFIG_KEYS)[number];

/** What each map-valued key holds, for the message when its JSON text is unreadable. */
const MAP_KEYS: Readonly<Record<Exclude<ConfigKey, "protect">, string>> = {
  accounts: "account name to 12-digit ID",
  identityCenter: "Identity Center settings",
  permissionSets: "permission-set name to settings",
  users: "user name to user settings",
  groups: "group key to group settings",
  cluster: "cluster settings",
  argocd: "Argo CD settings",
  workflows: "Argo Workflows settings",
  clientSecret: "client secret settings",
};

/** A top-level value whose JSON text was unreadable (already reported): its reader is skipped. */
const UNREADABLE = Symbol("unreadable");

/**
 * The `argo-sso:*` values, parsed: `argo-sso:protect` stays text, the others hold maps the CLI
 * passes as JSON text. Unknown `argo-sso:*` keys are reported; other namespaces are ignored.
 */
function parseTopLevel(root: At, raw: Readonly<Record<string, string>>): Map<ConfigKey, unknown> {
  const values = new Map<ConfigKey, unknown>();
  const present: string[] = [];
  for (const [fullKey, text] of Object.entries(raw)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    present.push(key);
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) continue;
    const configKey = key as ConfigKey;
    if (configKey === "protect" || typeof text !== "string") {
      values.set(configKey, text);
      continue;
    }
    const parsed = parseJsonValue(root.at(key), text, MAP_KEYS[configKey]);
    values.set(configKey, parsed.ok ? parsed.value : UNREADABLE);
  }
  // `record` keeps a key like "__proto__" as data, so it is reported like any unknown key.
  checkKeys(root, record(present.map((key) => [key, true] as const)), CONFIG_KEYS);
  return values;
}

/**
 * Validates the whole runtime config of a stack and applies every default.
 *
 * @param raw the runtime config as the Pulumi CLI passes it: `"argo-sso:groups"` → JSON text,
 *   `"aws:region"` → text. Keys of other namespaces (`aws:`, `kubernetes:`, `pulumi:`) are
 *   ignored, except `aws:region`, which is required.
 * @param options.now the time certificates are checked against. @default new Date()
 */
export function loadStackConfig(
  raw: Readonly<Record<string, string>>,
  options: { now?: Date } = {},
): LoadResult {
  const report = new Report();
  try {
    const config = load(report, isObj(raw) ? raw : {}, options?.now ?? new Date());
    const problems = report.problems();
    const warnings = report.warnings();
    if (config !== undefined) return { ok: true, config, problems, warnings };
    if (problems.length === 0) {
      // Every missing piece is reported where it is read; this line means a reader forgot to.
      problems.push(
        `${NAMESPACE}:config: internal error: the configuration is incomplete but no key was reported`,
      );
    }
    return { ok: false, problems, warnings };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      problems: [`${NAMESPACE}:config: internal error while validating: ${message}`],
      warnings: [],
    };
  }
}

/**
 * Reads each user's `aws` grants (they refer to permission sets and accounts like a group's) and
 * puts them on the user's spec; an existing user may have grants too (that is its usual use).
 */
function readUserGrants(
  at: At,
  value: unknown,
  specs: Map<string, UserSpec>,
  refs: Parameters<typeof readGrants>[2],
  presets: Set<PresetName>,
): void {
  if (!isObj(value)) return;
  for (const [userName, entry] of Object.entries(value)) {
    const grants = isObj(entry) ? own(entry, "aws") : undefined;
    if (grants === undefined) continue;
    const read = readGrants(at.at(userName, "aws"), grants, refs, presets);
    const spec = specs.get(userName);
    if (read === undefined) specs.delete(userName);
    else if (spec !== undefined) specs.set(userName, { ...spec, aws: read });
  }
}

/** Origins compare case-insensitively (host names are). */
function sameOrigin(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** Checks between the two Argo releases, which share the SSO client secret. */
function crossCheckArgo(at: (key: ConfigKey) => At, argocd: ArgoCdSpec, workflows: WorkflowsSpec): void {
  if (sameOrigin(argocd.url, workflows.url)) {
    at("workflows")
      .at("url")
      .problem(`must differ from argo-sso:argocd.url (${argocd.url}): each server needs its own host`);
  }
  if (argocd.namespace === workflows.namespace) {
    at("workflows")
      .at("namespace")
      .problem(
        `must differ from argo-sso:argocd.namespace (${argocd.namespace}): the SSO client Secret is created once in each`,
      );
  }
}

function load(report: Report, raw: Readonly<Record<string, unknown>>, now: Date): StackConfig | undefined {
  const root = new At(report, NAMESPACE, []);
  const values = parseTopLevel(root, raw as Record<string, string>);
  const at = (key: ConfigKey) => root.at(key);
  /** Runs the reader of `key` (with undefined when absent), or returns `fallback` when unreadable. */
  const read = <T>(key: ConfigKey, reader: (here: At, value: unknown) => T, fallback: T): T => {
    const value = values.get(key);
    return value === UNREADABLE ? fallback : reader(at(key), value);
  };

  const rawRegion = own(raw, "aws:region");
  const region = readRegion(new At(report, "aws", ["region"]), rawRegion);
  const partition = partitionOf(region ?? "");

  const accounts = read("accounts", readAccounts, {
    usable: false,
    names: [],
    ids: new Map<string, string>(),
  });
  const identityCenter = read("identityCenter", (h, v) => readIdentityCenter(h, v, region, now), undefined);
  const permissionSets = read("permissionSets", (h, v) => readPermissionSets(h, v, partition), {
    names: undefined,
    specs: new Map<string, PermissionSetSpec>(),
  });
  const users = read("users", (h, v) => readUsers(h, v, identityCenter?.identityStoreId), {
    names: undefined,
    specs: new Map<string, UserSpec>(),
  });
  const argocd = read("argocd", readArgoCd, { roleNames: undefined });
  const refs = {
    accounts,
    permissionSets: permissionSets.names,
    users: users.names,
    argocdRoles: argocd.roleNames,
    ownerStack: identityCenter?.ownerStack,
    identityStoreId: identityCenter?.identityStoreId,
  };
  const groups = read("groups", (h, v) => readGroups(h, v, refs), {
    specs: new Map<string, GroupSpec>(),
    presetRefs: new Set<PresetName>(),
  });
  readUserGrants(
    at("users"),
    values.get("users"),
    users.specs as Map<string, UserSpec>,
    refs,
    groups.presetRefs as Set<PresetName>,
  );
  if (identityCenter?.ownerStack !== undefined) {
    for (const key of ["permissionSets", "users"] as const) {
      if (values.get(key) !== undefined) {
        at(key).problem(
          `a cluster stack (argo-sso:identityCenter.ownerStack is ${identityCenter.ownerStack}) declares no ${key === "users" ? "users" : "permission sets"}; they belong to the owner stack`,
        );
      }
    }
  }
  checkAdoption(
    root,
    groups.specs,
    users.specs,
    permissionSets.specs,
    identityCenter?.instanceArn,
    permissionSets.names,
  );
  const cluster = read("cluster", readCluster, undefined);
  const workflows = read("workflows", readWorkflows, undefined);
  const clientSecret = read("clientSecret", readClientSecret, undefined);
  const protect = read("protect", (h, v) => (v === undefined ? false : readBool(h, v)), undefined);
  if (argocd.spec && workflows) crossCheckArgo(at, argocd.spec, workflows);

  const sets = new Map(permissionSets.specs);
  for (const name of groups.presetRefs) sets.set(name, presetSpec(name, PRESETS[name], partition));
  crossCheckIdentityCenter(root, {
    permissionSets: record(sets),
    users: record(users.specs),
    groups: record(groups.specs),
    deployer: identityCenter?.deployer,
    managementAccountId: identityCenter?.managementAccountId,
    identitySource: identityCenter?.identitySource,
  });

  if (
    report.hasProblems ||
    region === undefined ||
    identityCenter === undefined ||
    argocd.spec === undefined ||
    workflows === undefined ||
    cluster === undefined ||
    clientSecret === undefined ||
    protect === undefined
  ) {
    return undefined;
  }
  return {
    region,
    accounts: record(accounts.ids),
    identityCenter,
    permissionSets: record([...sets].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    users: record(users.specs),
    groups: record(groups.specs),
    cluster,
    argocd: argocd.spec,
    workflows,
    clientSecret,
    protect,
  };
}
