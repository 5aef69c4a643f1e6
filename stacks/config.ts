/**
 * The stack-configuration loader: turns the runtime config the Pulumi CLI hands the program
 * (`"argo-sso:groups"` → JSON text, `"aws:region"` → text, ...) into one validated, defaulted
 * {@link StackConfig}, or into the complete list of problems, each naming its full key:
 *
 *     argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer; presets: ...
 *
 * The rules are the schema's (stacks/schema.ts); this file reads the CLI's text, refuses
 * hostile input before the schema sees it (stacks/config-hostile.ts), turns zod issues into
 * problem lines and adds the warnings. Pure and total: no Pulumi runtime, no env, no fs, and no
 * input makes it throw. The reference for every key is docs/configuration.md.
 */
import { STACK_CONFIG_KEYS, stackConfigSchema, type StackConfig } from "./schema";
import { checkHostile } from "./config-hostile";
import {
  describe,
  formatPath,
  isObj,
  issueProblems,
  own,
  sortedUnique,
  unknownKey,
  withNow,
} from "./schema-kit";
import { type Segment } from "./schema-kit";
import { certificateWarning, REGION, SIGN_IN_URL } from "./schema-identity";
import { IAM_ROLE_POLICY_QUOTA, MAX_POLICIES, attachedPolicies } from "./schema-permission-sets";
import { SEMVER, TESTED_CHART_VERSIONS } from "./schema-argo";
import {
  delegatedAdminProblems,
  reservedNameProblems,
  unusableUserWarnings,
} from "../components/identity-center-rules";

export type { StackConfig };

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
export const CONFIG_KEYS = Object.keys(STACK_CONFIG_KEYS).filter((key) => key !== "region");

/** What each map-valued key holds, for the message when its JSON text is unreadable. */
const MAP_KEYS: Readonly<Record<string, string>> = {
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

/** Stands in for a top-level value whose text was unreadable (already reported): none of its problems is. */
const UNREADABLE = Symbol("unreadable");

/** The full key of a schema path: `region` is `aws:region`, the rest are `argo-sso:` keys. */
function keyOf(path: readonly Segment[]): string {
  return formatPath(path[0] === "region" ? "aws" : NAMESPACE, path);
}

/**
 * The schema's input from the runtime config: `argo-sso:protect` stays text, the other
 * `argo-sso:*` values are JSON text. Unknown `argo-sso:*` keys, unreadable JSON and hostile
 * values are reported here.
 */
function readRuntime(raw: Readonly<Record<string, unknown>>, problems: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = { region: own(raw, "aws:region") };
  for (const [fullKey, text] of Object.entries(raw)) {
    const key = fullKey.slice(NAMESPACE.length + 1);
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    if (!CONFIG_KEYS.includes(key)) problems.push(`${keyOf([key])}: ${unknownKey(key, CONFIG_KEYS)}`);
    else if (key === "protect" || typeof text !== "string") input[key] = text;
    else {
      let value: unknown = UNREADABLE;
      try {
        value = JSON.parse(text) as unknown;
      } catch {
        problems.push(`${keyOf([key])}: must be a map of ${MAP_KEYS[key]}, got text ${describe(text)}`);
      }
      // A value with a prototype-name key or a hidden character is reported here, not read.
      const hostile = value === UNREADABLE ? [] : checkHostile(value);
      for (const f of hostile) problems.push(`${keyOf([key, ...f.path])}: ${f.message}`);
      input[key] = hostile.length === 0 ? value : UNREADABLE;
    }
  }
  return input;
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
  try {
    const problems: string[] = [];
    const input = readRuntime(isObj(raw) ? raw : {}, problems);
    const now = options?.now ?? new Date();
    const result = withNow(now, () => stackConfigSchema.safeParse(input));
    const config = result.data;
    const issues = (result.error?.issues ?? []).filter((i) => input[String(i.path[0])] !== UNREADABLE);
    problems.push(...issueProblems(issues, keyOf), ...(config === undefined ? [] : configProblems(config)));
    // Every issue has a key; this line means one was lost on the way.
    if (!result.success && problems.length === 0)
      problems.push(
        `${NAMESPACE}:config: internal error: the configuration is invalid but no key was reported`,
      );
    const warnings = sortedUnique(configWarnings(input, config, now));
    if (problems.length > 0) return { ok: false, problems: sortedUnique(problems), warnings };
    return { ok: true, config, problems: [], warnings };
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
 * Problems found on the mapped config: the Identity Center organisation rules (kept in
 * components/identity-center-rules.ts, so the component refuses the same configs).
 */
function configProblems(config: StackConfig): string[] {
  const { deployer, managementAccountId, identitySource } = config.identityCenter;
  const { permissionSets, users, groups } = config;
  const inputs = { permissionSets, users, groups, deployer, managementAccountId, identitySource };
  return [...reservedNameProblems(inputs), ...delegatedAdminProblems(inputs)].map(
    (f) => `${keyOf(f.path)}: ${f.message}`,
  );
}

/**
 * Things that work but deserve a look, read from the schema's `input` (what was given, so a
 * run with problems warns too) and, when valid, the mapped `config`.
 */
function configWarnings(
  input: Readonly<Record<string, unknown>>,
  config: StackConfig | undefined,
  now: Date,
) {
  const out: string[] = [];
  const warn = (path: readonly Segment[], message: string) => out.push(`${keyOf(path)}: ${message}`);
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  const saml = own(own(input, "identityCenter"), "samlApplication");
  const certificate = text(own(saml, "certificate"));
  const expiry = certificate === undefined ? undefined : certificateWarning(certificate, now);
  if (expiry !== undefined) warn(["identityCenter", "samlApplication", "certificate"], expiry);
  const region = text(own(input, "region"));
  const urlRegion = SIGN_IN_URL.exec(text(own(saml, "signInUrl")) ?? "")?.[1];
  if (urlRegion !== undefined && region !== undefined && REGION.test(region) && urlRegion !== region) {
    const why = "Identity Center lives in one home region";
    warn(
      ["identityCenter", "samlApplication", "signInUrl"],
      `is in region ${urlRegion} but aws:region is ${region}; ${why}`,
    );
  }
  const sets = own(input, "permissionSets");
  for (const [name, set] of Object.entries(isObj(sets) ? sets : {})) {
    if (!isObj(set) || own(set, "preset") !== undefined) continue;
    const attached = attachedPolicies(set);
    if (attached > IAM_ROLE_POLICY_QUOTA && attached <= MAX_POLICIES) {
      const quota = `IAM allows ${IAM_ROLE_POLICY_QUOTA} per role unless the quota is raised in every target account`;
      warn(["permissionSets", name], `attaches ${attached} managed and customer-managed policies; ${quota}`);
    }
    const nothing = "grants nothing: set managedPolicies, customerManagedPolicies, inlinePolicy or a preset";
    if (attached === 0 && own(set, "inlinePolicy") === undefined) warn(["permissionSets", name], nothing);
  }
  for (const [key, tested] of Object.entries(TESTED_CHART_VERSIONS)) {
    const release = own(input, key);
    const version = text(own(release, "chartVersion"));
    if (version !== undefined && SEMVER.test(version) && version !== tested)
      warn(
        [key, "chartVersion"],
        `argo-sso is tested with chart ${tested}; check the managed keys still exist`,
      );
    const byHand = own(own(own(own(release, "values"), "server"), "ingress"), "enabled") === true;
    if (own(release, "ingress") === undefined && byHand) {
      const instead = `use argo-sso:${key}.ingress instead`;
      warn(
        [key, "values", "server", "ingress", "enabled"],
        `an ingress set by hand gets none of the TLS settings it needs; ${instead}`,
      );
    }
  }
  const argocd = own(input, "argocd");
  const defaultRole = own(argocd, "defaultRole") ?? "";
  if (defaultRole === "role:admin") {
    const prefer = 'prefer "" and grant groups roles';
    warn(["argocd", "defaultRole"], `every user who can log in becomes an Argo CD admin; ${prefer}`);
  }
  const anonymous = own(argocd, "anonymousEnabled");
  if (anonymous === true || anonymous === "true") {
    const role = JSON.stringify(typeof defaultRole === "string" ? defaultRole : "");
    warn(
      ["argocd", "anonymousEnabled"],
      `anyone who reaches the URL gets defaultRole ${role} without logging in`,
    );
  }
  const groups = own(input, "groups");
  if (groups === undefined)
    warn(["groups"], "no groups: nobody gets AWS access or can log in to Argo CD and Argo Workflows");
  for (const [key, group] of Object.entries(isObj(groups) ? groups : {})) {
    if (isObj(group) && ["aws", "argocd", "workflows"].every((k) => own(group, k) === undefined))
      warn(["groups", key], "grants nothing: set aws, argocd or workflows");
  }
  if (config === undefined) return out;
  const { permissionSets, users, identityCenter } = config;
  const inputs = {
    permissionSets,
    users,
    groups: config.groups,
    identitySource: identityCenter.identitySource,
  };
  for (const f of unusableUserWarnings(inputs)) warn(f.path, f.message);
  return out;
}
