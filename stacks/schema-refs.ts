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
import { ACCOUNT_ID, accountRefProblem, httpsUrlProblem } from "./schema-identity";
import { argoCdRoleProblem } from "./schema-argocd-rbac";
import { describe, didYouMean, isObj, own, problem, type Obj, type Segment } from "./schema-kit";

type Ctx = z.core.$RefinementCtx;

function knownList(names: readonly string[]): string {
  return names.length === 0 ? "none" : [...names].sort().join(", ");
}

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
}

function checkPermissionSetRef(ctx: Ctx, at: Segment[], name: string, refs: Refs): void {
  const defined = refs.permissionSets ?? [];
  if (defined.includes(name)) return;
  if (isPresetName(name)) {
    const clash = defined.find((n) => n.toLowerCase() === name.toLowerCase());
    const required = PRESETS[name].parameters.filter((p) => p.required).map((p) => p.name);
    if (clash !== undefined) {
      problem(
        ctx,
        at,
        `preset ${name} differs only in case from permission set "${clash}"; AWS names are unique ignoring case`,
      );
    } else if (required.length > 0) {
      problem(
        ctx,
        at,
        `preset ${name} needs parameters (${required.join(", ")}); define it under argo-sso:permissionSets with preset and parameters`,
      );
    }
    return;
  }
  // An unreadable permissionSets map is reported already; the name may well be in it.
  if (refs.permissionSets === undefined) return;
  problem(
    ctx,
    at,
    `unknown permission set ${JSON.stringify(name)}${didYouMean(name, [...defined, ...PRESET_NAMES])}; known: ${knownList(defined)}; presets: ${PRESET_NAMES.join(", ")}`,
  );
}

function checkAccountRef(
  ctx: Ctx,
  at: Segment[],
  ref: string,
  accounts: readonly string[] | undefined,
): void {
  if (ACCOUNT_ID.test(ref)) {
    const found = accountRefProblem(ref);
    if (found !== undefined) problem(ctx, at, found);
    return;
  }
  if (ORGANIZATIONAL_UNIT_ID.test(ref) || (accounts ?? []).includes(ref)) return;
  if (/^(ou|r)-/.test(ref)) {
    problem(
      ctx,
      at,
      ref.startsWith("r-")
        ? `an organization root (${ref}) cannot be a target; name its organizational units (ou-xxxx-xxxxxxxx) or accounts`
        : `unknown organizational unit format ${describe(ref)}: an OU ID is ou-, 4 to 32 lower-case letters or digits, -, 8 to 32 more (ou-ab12-cd34ef56)`,
    );
    return;
  }
  if (accounts === undefined) return;
  problem(
    ctx,
    at,
    `unknown account ${JSON.stringify(ref)}${didYouMean(ref, accounts)}; use a name from argo-sso:accounts (${knownList(accounts)}), a 12-digit ID or an OU ID (ou-...)`,
  );
}

/** The `aws` grants of a group or user; `adopted` collects the permission sets of `import: true` grants. */
function checkGrants(ctx: Ctx, at: Segment[], grants: unknown, refs: Refs, adopted: string[]): void {
  if (!Array.isArray(grants)) return;
  grants.forEach((grant, i) => {
    const permissionSet = own(grant, "permissionSet");
    if (typeof permissionSet === "string" && permissionSet !== "")
      checkPermissionSetRef(ctx, [...at, i, "permissionSet"], permissionSet, refs);
    const accounts = own(grant, "accounts");
    if (Array.isArray(accounts)) {
      accounts.forEach((ref, j) => {
        if (typeof ref === "string" && ref !== "")
          checkAccountRef(ctx, [...at, i, "accounts", j], ref, refs.accounts);
      });
    }
    if (own(grant, "import") === true && typeof permissionSet === "string") adopted.push(permissionSet);
  });
}

/** An import ID must name the configured identity store. */
function checkStore(ctx: Ctx, at: Segment[], importId: unknown, refs: Refs): void {
  if (typeof importId !== "string" || refs.identityStoreId === undefined) return;
  const parsed = parseDirectoryImportId(importId);
  if (parsed && parsed.identityStoreId !== refs.identityStoreId) {
    problem(
      ctx,
      at,
      `names identity store ${parsed.identityStoreId}, but argo-sso:identityCenter.identityStoreId is ${refs.identityStoreId}`,
    );
  }
}

/** `import: true` grants need the principal's ID and an adopted permission set. */
function checkAdoption(
  ctx: Ctx,
  at: Segment[],
  adopted: readonly string[],
  principalKnown: boolean,
  sets: unknown,
) {
  for (const name of adopted) {
    if (!principalKnown) {
      problem(
        ctx,
        at,
        `import: true on permission set ${name} needs the principal's ID in config: set import on this group or user (or groupId on an external group)`,
      );
    }
    if (own(own(sets, name), "import") === undefined) {
      problem(
        ctx,
        at,
        `import: true on permission set ${name}: that set is created by this stack, so none of its assignments exists yet; set argo-sso:permissionSets.${name}.import to adopt it first`,
      );
    }
  }
}

function checkGroup(ctx: Ctx, key: string, group: Obj, refs: Refs, sets: unknown): void {
  const at: Segment[] = ["groups", key];
  const source = own(group, "source");
  const owner = refs.ownerStack;
  if (source === "owner" && owner === undefined) {
    problem(
      ctx,
      [...at, "source"],
      "owner refers to a group of the stack that owns Identity Center; set argo-sso:identityCenter.ownerStack (or use managed / external)",
    );
  }
  if (source === "managed" && owner !== undefined) {
    problem(
      ctx,
      [...at, "source"],
      `a cluster stack (argo-sso:identityCenter.ownerStack is ${owner}) creates no groups; use owner (the owner stack's groupIds) or external (lookup)`,
    );
  }
  const effective = typeof source === "string" ? source : owner === undefined ? "managed" : "owner";
  for (const key of ["groupId", "externalId"]) {
    if (own(group, key) !== undefined && effective !== "external") {
      problem(
        ctx,
        [...at, key],
        `pins an external group; this group is ${effective === "owner" ? "the owner stack's" : "created here (to adopt an existing group, use import)"}`,
      );
    }
  }
  if (own(group, "import") !== undefined && effective !== "managed") {
    problem(
      ctx,
      [...at, "import"],
      `adopts a group this stack manages; an ${effective} group is only looked up (pin it with groupId instead)`,
    );
  }
  if (owner !== undefined) {
    const why = `this is a cluster stack (argo-sso:identityCenter.ownerStack is ${owner}), which owns no Identity Center groups`;
    const advice: Record<string, string> = {
      members: "declare members in the owner stack",
      aws: "account assignments belong to the owner stack",
      import: "adopt groups in the owner stack",
      description: "describe the group in the owner stack",
    };
    for (const [k, text] of Object.entries(advice))
      if (own(group, k) !== undefined) problem(ctx, [...at, k], `${why}; ${text}`);
  }
  const members = own(group, "members");
  if (Array.isArray(members) && refs.users !== undefined) {
    const users = refs.users;
    members.forEach((name, i) => {
      if (typeof name === "string" && name !== "" && !users.includes(name)) {
        problem(
          ctx,
          [...at, "members", i],
          `unknown user ${JSON.stringify(name)}${didYouMean(name, users)}; members must be keys of argo-sso:users (${knownList(users)})`,
        );
      }
    });
  }
  const role = own(group, "argocd");
  if (typeof role === "string") {
    const found = argoCdRoleProblem(role, refs.argocdRoles);
    if (found !== undefined) problem(ctx, [...at, "argocd"], found);
  }
  const adopted: string[] = [];
  checkGrants(ctx, [...at, "aws"], own(group, "aws"), refs, adopted);
  checkStore(ctx, [...at, "import"], own(group, "import"), refs);
  const importId = own(group, "import");
  const groupId = own(group, "groupId");
  // An import ID of the wrong shape is reported already: the principal is then taken as known.
  const known = importId !== undefined || (effective === "external" && typeof groupId === "string");
  checkAdoption(ctx, [...at, "aws"], adopted, known, sets);
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
  const cdUrl = own(argocd, "url");
  const wfUrl = own(workflows, "url");
  const valid = (url: unknown): url is string =>
    typeof url === "string" && httpsUrlProblem(url, true) === undefined;
  if (valid(cdUrl) && valid(wfUrl) && sameOrigin(cdUrl, wfUrl)) {
    problem(
      ctx,
      ["workflows", "url"],
      `must differ from argo-sso:argocd.url (${cdUrl}): each server needs its own host`,
    );
  }
  const cdNs = own(argocd, "namespace");
  if (typeof cdNs === "string" && cdNs === own(workflows, "namespace")) {
    problem(
      ctx,
      ["workflows", "namespace"],
      `must differ from argo-sso:argocd.namespace (${cdNs}): the SSO client Secret is created once in each`,
    );
  }
}

/** The cross-reference refinement of the root (see the file comment). */
export function crossReferences(config: Obj, ctx: Ctx): void {
  const ic = own(config, "identityCenter");
  const ownerStack = own(ic, "ownerStack");
  const storeId = own(ic, "identityStoreId");
  const roles = own(own(config, "argocd"), "roles");
  const refs: Refs = {
    accounts: namesOf(own(config, "accounts")),
    permissionSets: namesOf(own(config, "permissionSets")),
    users: namesOf(own(config, "users")),
    argocdRoles:
      isObj(own(config, "argocd")) || own(config, "argocd") === undefined ? namesOf(roles) : undefined,
    ...(typeof ownerStack === "string" ? { ownerStack } : {}),
    ...(typeof storeId === "string" ? { identityStoreId: storeId } : {}),
  };
  const sets = own(config, "permissionSets");
  if (refs.ownerStack !== undefined) {
    for (const key of ["permissionSets", "users"] as const) {
      if (own(config, key) !== undefined) {
        problem(
          ctx,
          [key],
          `a cluster stack (argo-sso:identityCenter.ownerStack is ${refs.ownerStack}) declares no ${key === "users" ? "users" : "permission sets"}; they belong to the owner stack`,
        );
      }
    }
  }
  const groups = own(config, "groups");
  if (isObj(groups))
    for (const [key, group] of Object.entries(groups))
      if (isObj(group)) checkGroup(ctx, key, group, refs, sets);
  const users = own(config, "users");
  if (isObj(users)) {
    for (const [name, user] of Object.entries(users)) {
      const adopted: string[] = [];
      checkGrants(ctx, ["users", name, "aws"], own(user, "aws"), refs, adopted);
      checkStore(ctx, ["users", name, "import"], own(user, "import"), refs);
      const importId = own(user, "import");
      const known = importId !== undefined;
      checkAdoption(ctx, ["users", name, "aws"], adopted, known, sets);
    }
  }
  const instanceArn = own(ic, "instanceArn");
  if (isObj(sets) && typeof instanceArn === "string") {
    for (const [name, set] of Object.entries(sets)) {
      const importId = own(set, "import");
      const parsed = typeof importId === "string" ? parsePermissionSetImportId(importId) : undefined;
      if (parsed && parsed.instanceArn !== instanceArn) {
        problem(
          ctx,
          ["permissionSets", name, "import"],
          `names instance ${parsed.instanceArn}, but argo-sso:identityCenter.instanceArn is ${instanceArn}`,
        );
      }
    }
  }
  checkArgo(ctx, own(config, "argocd"), own(config, "workflows"));
}
