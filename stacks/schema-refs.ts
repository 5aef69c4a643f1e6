/**
 * The cross references of the stack-config schema, a refinement of the root: groups and users
 * refer to permission sets, accounts, users and Argo CD roles; `identityCenter.ownerStack`
 * makes a cluster stack; import IDs name the configured identity store and instance; the two
 * Argo releases must differ. It runs even when other keys have problems (zod's `when`), on the
 * values as far as they were read, so one run reports everything: a key whose own value is
 * unreadable (not a map) is not used to judge references to it.
 */
import type { z } from "zod";
import {
  ORGANIZATIONAL_UNIT_ID,
  parseDirectoryImportId,
  parsePermissionSetImportId,
} from "../components/import-ids";
import { PRESETS, PRESET_NAMES, isPresetName } from "./presets";
import { ACCOUNT_ID, PLACEHOLDER_ACCOUNT, httpsUrlProblem } from "./schema-identity";
import { argoCdRoleProblem } from "./schema-argocd-rbac";
import { describe, didYouMean, isObj, own, problem, type Obj, type Segment } from "./schema-kit";

type Ctx = z.core.$RefinementCtx;

const knownList = (names: readonly string[]) => (names.length === 0 ? "none" : [...names].sort().join(", "));

/** The keys of a map value; `[]` when absent; undefined when unreadable (references to it are not judged). */
function namesOf(value: unknown): string[] | undefined {
  if (value === undefined) return [];
  return isObj(value) ? Object.keys(value) : undefined;
}

interface Refs {
  readonly accounts: readonly string[] | undefined;
  readonly permissionSets: readonly string[] | undefined;
  readonly users: readonly string[] | undefined;
  readonly argocdRoles: readonly string[] | undefined;
  readonly ownerStack?: string;
  readonly identityStoreId?: string;
  /** The `argo-sso:permissionSets` value. */
  readonly sets: unknown;
}

function permissionSetRefProblem(name: string, refs: Refs): string | undefined {
  const defined = refs.permissionSets ?? [];
  if (defined.includes(name)) return undefined;
  if (isPresetName(name)) {
    const clash = defined.find((n) => n.toLowerCase() === name.toLowerCase());
    const required = PRESETS[name].parameters.filter((p) => p.required).map((p) => p.name);
    const define = "define it under argo-sso:permissionSets with preset and parameters";
    if (clash !== undefined)
      return `preset ${name} differs only in case from permission set "${clash}"; AWS names are unique ignoring case`;
    return required.length > 0
      ? `preset ${name} needs parameters (${required.join(", ")}); ${define}`
      : undefined;
  }
  // An unreadable permissionSets map is reported already; the name may well be in it.
  if (refs.permissionSets === undefined) return undefined;
  const hint = didYouMean(name, [...defined, ...PRESET_NAMES]);
  return `unknown permission set ${JSON.stringify(name)}${hint}; known: ${knownList(defined)}; presets: ${PRESET_NAMES.join(", ")}`;
}

function accountRefProblem(ref: string, accounts: readonly string[] | undefined): string | undefined {
  if (ACCOUNT_ID.test(ref)) return ref === "000000000000" ? PLACEHOLDER_ACCOUNT : undefined;
  if (ORGANIZATIONAL_UNIT_ID.test(ref) || (accounts ?? []).includes(ref)) return undefined;
  if (ref.startsWith("r-"))
    return `an organization root (${ref}) cannot be a target; name its organizational units (ou-xxxx-xxxxxxxx) or accounts`;
  if (ref.startsWith("ou-"))
    return `unknown organizational unit format ${describe(ref)}: an OU ID is ou-, 4 to 32 lower-case letters or digits, -, 8 to 32 more (ou-ab12-cd34ef56)`;
  if (accounts === undefined) return undefined;
  const use = `use a name from argo-sso:accounts (${knownList(accounts)}), a 12-digit ID or an OU ID (ou-...)`;
  return `unknown account ${JSON.stringify(ref)}${didYouMean(ref, accounts)}; ${use}`;
}

/**
 * The `aws` grants of a group or user, its import ID's store, and adoption: `import: true`
 * grants need the principal's ID (`principalKnown`) and an adopted permission set.
 */
function checkPrincipal(ctx: Ctx, at: Segment[], principal: unknown, refs: Refs, principalKnown: boolean) {
  const grants = own(principal, "aws");
  const adopted: string[] = [];
  (Array.isArray(grants) ? grants : []).forEach((grant, i) => {
    const permissionSet = own(grant, "permissionSet");
    const setProblem =
      typeof permissionSet === "string" &&
      permissionSet !== "" &&
      permissionSetRefProblem(permissionSet, refs);
    if (setProblem) problem(ctx, [...at, "aws", i, "permissionSet"], setProblem);
    const accounts = own(grant, "accounts");
    (Array.isArray(accounts) ? accounts : []).forEach((ref, j) => {
      const found = typeof ref === "string" && ref !== "" && accountRefProblem(ref, refs.accounts);
      if (found) problem(ctx, [...at, "aws", i, "accounts", j], found);
    });
    if (own(grant, "import") === true && typeof permissionSet === "string") adopted.push(permissionSet);
  });
  const importId = own(principal, "import");
  const store = typeof importId === "string" ? parseDirectoryImportId(importId)?.identityStoreId : undefined;
  if (store !== undefined && refs.identityStoreId !== undefined && store !== refs.identityStoreId) {
    const configured = `argo-sso:identityCenter.identityStoreId is ${refs.identityStoreId}`;
    problem(ctx, [...at, "import"], `names identity store ${store}, but ${configured}`);
  }
  for (const name of adopted) {
    const importTrue = `import: true on permission set ${name}`;
    if (!principalKnown) {
      const fix = "set import on this group or user (or groupId on an external group)";
      problem(ctx, [...at, "aws"], `${importTrue} needs the principal's ID in config: ${fix}`);
    }
    if (own(own(refs.sets, name), "import") === undefined) {
      const why = "that set is created by this stack, so none of its assignments exists yet";
      const adopt = `set argo-sso:permissionSets.${name}.import to adopt it first`;
      problem(ctx, [...at, "aws"], `${importTrue}: ${why}; ${adopt}`);
    }
  }
}

/** What a cluster stack's group may not set, and where it belongs instead. */
const OWNER_STACK_ADVICE: Readonly<Record<string, string>> = {
  members: "declare members in the owner stack",
  aws: "account assignments belong to the owner stack",
  import: "adopt groups in the owner stack",
  description: "describe the group in the owner stack",
};

function checkGroup(ctx: Ctx, key: string, group: Obj, refs: Refs): void {
  const at: Segment[] = ["groups", key];
  const source = own(group, "source");
  const owner = refs.ownerStack;
  const clusterStack = `argo-sso:identityCenter.ownerStack is ${owner}`;
  if (source === "owner" && owner === undefined) {
    const fix = "set argo-sso:identityCenter.ownerStack (or use managed / external)";
    problem(ctx, [...at, "source"], `owner refers to a group of the stack that owns Identity Center; ${fix}`);
  }
  if (source === "managed" && owner !== undefined) {
    const use = "use owner (the owner stack's groupIds) or external (lookup)";
    problem(ctx, [...at, "source"], `a cluster stack (${clusterStack}) creates no groups; ${use}`);
  }
  const effective = typeof source === "string" ? source : owner === undefined ? "managed" : "owner";
  for (const k of ["groupId", "externalId"].filter(
    (k) => own(group, k) !== undefined && effective !== "external",
  )) {
    const is =
      effective === "owner" ? "the owner stack's" : "created here (to adopt an existing group, use import)";
    problem(ctx, [...at, k], `pins an external group; this group is ${is}`);
  }
  if (own(group, "import") !== undefined && effective !== "managed") {
    const instead = `an ${effective} group is only looked up (pin it with groupId instead)`;
    problem(ctx, [...at, "import"], `adopts a group this stack manages; ${instead}`);
  }
  for (const [k, text] of Object.entries(owner === undefined ? {} : OWNER_STACK_ADVICE)) {
    const why = `this is a cluster stack (${clusterStack}), which owns no Identity Center groups`;
    if (own(group, k) !== undefined) problem(ctx, [...at, k], `${why}; ${text}`);
  }
  const members = own(group, "members");
  const users = refs.users;
  (Array.isArray(members) && users !== undefined ? members : []).forEach((name, i) => {
    if (typeof name !== "string" || name === "" || users?.includes(name)) return;
    const hint = didYouMean(name, users ?? []);
    const mustBe = `members must be keys of argo-sso:users (${knownList(users ?? [])})`;
    problem(ctx, [...at, "members", i], `unknown user ${JSON.stringify(name)}${hint}; ${mustBe}`);
  });
  const role = own(group, "argocd");
  const found = typeof role === "string" ? argoCdRoleProblem(role, refs.argocdRoles) : undefined;
  if (found !== undefined) problem(ctx, [...at, "argocd"], found);
  // An import ID of the wrong shape is reported already: the principal is then taken as known.
  const pinned = effective === "external" && typeof own(group, "groupId") === "string";
  checkPrincipal(ctx, at, group, refs, own(group, "import") !== undefined || pinned);
}

/** Two URLs name the same server when their parsed hosts match (case, default port, trailing dot). */
function sameOrigin(a: string, b: string): boolean {
  const host = (text: string) => {
    const url = new URL(text);
    return `${url.hostname.replace(/\.$/, "")}:${url.port}`;
  };
  return host(a) === host(b);
}

function checkArgo(ctx: Ctx, argocd: unknown, workflows: unknown): void {
  const [cdUrl, wfUrl] = [own(argocd, "url"), own(workflows, "url")];
  const valid = (url: unknown): url is string =>
    typeof url === "string" && httpsUrlProblem(url, true) === undefined;
  const sameHost = `must differ from argo-sso:argocd.url (${cdUrl as string}): each server needs its own host`;
  if (valid(cdUrl) && valid(wfUrl) && sameOrigin(cdUrl, wfUrl)) problem(ctx, ["workflows", "url"], sameHost);
  const cdNs = own(argocd, "namespace");
  if (typeof cdNs === "string" && cdNs === own(workflows, "namespace")) {
    const why = "the SSO client Secret is created once in each";
    problem(ctx, ["workflows", "namespace"], `must differ from argo-sso:argocd.namespace (${cdNs}): ${why}`);
  }
}

/** The cross-reference refinement of the root (see the file comment). */
export function crossReferences(config: Obj, ctx: Ctx): void {
  const ic = own(config, "identityCenter");
  const [ownerStack, storeId] = [own(ic, "ownerStack"), own(ic, "identityStoreId")];
  const argocd = own(config, "argocd");
  const sets = own(config, "permissionSets");
  const refs: Refs = {
    accounts: namesOf(own(config, "accounts")),
    permissionSets: namesOf(sets),
    users: namesOf(own(config, "users")),
    argocdRoles: isObj(argocd) || argocd === undefined ? namesOf(own(argocd, "roles")) : undefined,
    ...(typeof ownerStack === "string" ? { ownerStack } : {}),
    ...(typeof storeId === "string" ? { identityStoreId: storeId } : {}),
    sets,
  };
  for (const key of refs.ownerStack === undefined ? [] : (["permissionSets", "users"] as const)) {
    const what = key === "users" ? "users" : "permission sets";
    const clusterStack = `a cluster stack (argo-sso:identityCenter.ownerStack is ${refs.ownerStack})`;
    if (own(config, key) !== undefined)
      problem(ctx, [key], `${clusterStack} declares no ${what}; they belong to the owner stack`);
  }
  const groups = own(config, "groups");
  for (const [key, group] of Object.entries(isObj(groups) ? groups : {}))
    if (isObj(group)) checkGroup(ctx, key, group, refs);
  const users = own(config, "users");
  for (const [name, user] of Object.entries(isObj(users) ? users : {}))
    checkPrincipal(ctx, ["users", name], user, refs, own(user, "import") !== undefined);
  const instanceArn = own(ic, "instanceArn");
  for (const [name, set] of Object.entries(isObj(sets) && typeof instanceArn === "string" ? sets : {})) {
    const importId = own(set, "import");
    const parsed = typeof importId === "string" ? parsePermissionSetImportId(importId) : undefined;
    const configured = `argo-sso:identityCenter.instanceArn is ${instanceArn as string}`;
    const other = `names instance ${parsed?.instanceArn}, but ${configured}`;
    if (parsed && parsed.instanceArn !== instanceArn) problem(ctx, ["permissionSets", name, "import"], other);
  }
  checkArgo(ctx, argocd, own(config, "workflows"));
}
