/**
 * Who can do what, where: the access report built from the desired state the offline render
 * produces (the same {@link ProgramRun}), never from the config alone, so that it shows what
 * `pulumi up` would really create.
 *
 * - AWS: account assignments (principal × permission set × account) and what each permission
 *   set carries (managed, customer-managed and inline policies, boundary, session length).
 * - Argo CD: `argocd-rbac-cm` of the argo-cd release, evaluated by {@link ArgoCdRbac}.
 * - Argo Workflows: the SSO ServiceAccounts (rule, precedence) and the ClusterRole each is bound to.
 */
import type { CapturedResource, ProgramRun } from "../mock-runtime";
import { ArgoCdRbac, type PolicyLine } from "./argocd-rbac";

/** What one permission set carries. */
export interface PermissionSetSummary {
  readonly name: string;
  readonly description?: string;
  readonly sessionDuration?: string;
  readonly relayState?: string;
  /** AWS managed policy names (the last part of the ARN). */
  readonly managedPolicies: readonly string[];
  /** Customer managed policies as `<path><name>`. */
  readonly customerPolicies: readonly string[];
  readonly inlineStatements: readonly InlineStatement[];
  /** The permissions boundary: a managed policy name or a customer policy `<path><name>`. */
  readonly boundary?: string;
}

/** One statement of an inline policy, summarised. */
export interface InlineStatement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  /** True for `NotAction` statements: the actions are the ones NOT covered. */
  readonly notAction?: boolean;
}

/** A permission set in an account. */
export interface AwsGrant {
  readonly permissionSet: string;
  readonly accountId: string;
  /** The friendly name from `argo-sso:accounts`, when there is one. */
  readonly accountName?: string;
  /** For a user: the group the grant comes through, or undefined when assigned to the user directly. */
  readonly through?: string;
}

/** One `p` line in force for a principal, with the subject Argo CD enforces it under. */
export interface ArgoCdLine extends PolicyLine {
  /** The enforced subject: the `policy.default` role, or a group ID (`g` line subject). */
  readonly subject: string;
}

export interface ArgoCdAccess {
  /** Roles the principal is bound to by `g` lines (through its groups), plus `policy.default`. */
  readonly roles: readonly string[];
  readonly lines: readonly ArgoCdLine[];
}

export interface WorkflowsAccess {
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly precedence: number;
  readonly rule: string;
  /** The ClusterRole bound to the ServiceAccount. */
  readonly clusterRole?: string;
  readonly rules: readonly {
    readonly apiGroups: string[];
    readonly resources: string[];
    readonly verbs: string[];
    /** Only these objects, when the rule names them (`resourceNames`). */
    readonly resourceNames?: string[];
  }[];
  /** Other ServiceAccounts matching the same user at the same precedence (argo-server picks one arbitrarily). */
  readonly tiedWith?: readonly string[];
}

export interface PrincipalAccess {
  readonly kind: "group" | "user";
  /** The config key (group) or user name (user). */
  readonly key: string;
  readonly id: string;
  readonly displayName?: string;
  /** For a user: the group keys it is a member of. */
  readonly groups?: readonly string[];
  readonly aws: readonly AwsGrant[];
  readonly argocd: ArgoCdAccess;
  /** Null when no ServiceAccount rule matches: Argo Workflows refuses the login. */
  readonly workflows: WorkflowsAccess | null;
}

export interface AccessReport {
  readonly project: string;
  readonly stack: string;
  readonly argocd: {
    readonly defaultRole: string;
    readonly scopes: readonly string[];
    readonly matchMode: string;
  };
  readonly permissionSets: readonly PermissionSetSummary[];
  readonly groups: readonly PrincipalAccess[];
  readonly users: readonly PrincipalAccess[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === "object" ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];
const byType = (run: ProgramRun, suffix: string): CapturedResource[] =>
  run.resources.filter((r) => r.type.endsWith(suffix));

/** Summaries of every permission set, keyed by ARN. */
function permissionSets(run: ProgramRun): Map<string, PermissionSetSummary> {
  const sets = new Map<string, { summary: PermissionSetSummary; arn: string }>();
  const arnOf = (r: CapturedResource) => String(r.inputs.permissionSetArn ?? "");
  const mutable = new Map<string, Json>();
  for (const r of byType(run, "/permissionSet:PermissionSet")) {
    const arn = String(r.outputs.arn ?? "");
    const summary: Json = {
      name: String(r.inputs.name),
      description: str(r.inputs.description),
      sessionDuration: str(r.inputs.sessionDuration) ?? "PT1H",
      relayState: str(r.inputs.relayState),
      managedPolicies: [],
      customerPolicies: [],
      inlineStatements: [],
    };
    mutable.set(arn, summary);
    sets.set(arn, { summary: summary as unknown as PermissionSetSummary, arn });
  }
  const push = (arn: string, key: string, value: unknown) => {
    const s = mutable.get(arn);
    if (s) (s[key] as unknown[]).push(value);
  };
  for (const r of byType(run, "/managedPolicyAttachment:ManagedPolicyAttachment")) {
    push(arnOf(r), "managedPolicies", String(r.inputs.managedPolicyArn).split("/").pop());
  }
  for (const r of byType(run, "/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment")) {
    const ref = obj(r.inputs.customerManagedPolicyReference);
    push(arnOf(r), "customerPolicies", `${str(ref.path) ?? "/"}${String(ref.name)}`);
  }
  for (const r of byType(run, "/permissionSetInlinePolicy:PermissionSetInlinePolicy")) {
    for (const statement of inlineStatements(r.inputs.inlinePolicy))
      push(arnOf(r), "inlineStatements", statement);
  }
  for (const r of byType(run, "/permissionsBoundaryAttachment:PermissionsBoundaryAttachment")) {
    const boundary = obj(r.inputs.permissionsBoundary);
    const ref = obj(boundary.customerManagedPolicyReference);
    const s = mutable.get(arnOf(r));
    if (s) {
      s.boundary =
        str(boundary.managedPolicyArn)?.split("/").pop() ?? `${str(ref.path) ?? "/"}${String(ref.name)}`;
    }
  }
  for (const s of mutable.values()) {
    (s.managedPolicies as string[]).sort();
    (s.customerPolicies as string[]).sort();
  }
  return new Map([...sets].map(([arn, v]) => [arn, v.summary]));
}

/** The statements of an inline policy document (JSON text), summarised. */
export function inlineStatements(document: unknown): InlineStatement[] {
  let parsed: unknown;
  try {
    parsed = typeof document === "string" ? JSON.parse(document) : document;
  } catch {
    return [{ effect: "unreadable", actions: [] }];
  }
  const statements = obj(parsed).Statement;
  return (Array.isArray(statements) ? statements : [statements]).map((raw) => {
    const s = obj(raw);
    const not = s.NotAction !== undefined;
    return {
      ...(str(s.Sid) ? { sid: str(s.Sid) } : {}),
      effect: String(s.Effect ?? "?"),
      actions: strings(not ? s.NotAction : s.Action),
      ...(not ? { notAction: true } : {}),
    };
  });
}

interface WorkflowsAccount extends Omit<WorkflowsAccess, "tiedWith"> {
  /** The group ID the rule tests, when it has the shape argo-sso generates. */
  readonly groupId?: string;
}

/** `'<id>' in groups` or `'<id>' in ($env?.groups ?? [])`: the two rule shapes argo-sso has generated. */
const RULE = /^'([^']+)' in (?:groups|\(\$env\?\.groups \?\? \[\]\))$/;

function workflowsAccounts(run: ProgramRun): WorkflowsAccount[] {
  const roles = new Map<string, WorkflowsAccess["rules"]>();
  for (const r of byType(run, ":ClusterRole")) {
    const rules = (Array.isArray(r.inputs.rules) ? r.inputs.rules : []).map((rule) => {
      const o = obj(rule);
      const names = strings(o.resourceNames);
      return {
        apiGroups: strings(o.apiGroups),
        resources: strings(o.resources),
        verbs: strings(o.verbs),
        ...(names.length > 0 ? { resourceNames: names } : {}),
      };
    });
    roles.set(String(obj(r.inputs.metadata).name), rules);
  }
  const bindings = new Map<string, string>();
  for (const r of byType(run, ":ClusterRoleBinding")) {
    for (const subject of Array.isArray(r.inputs.subjects) ? r.inputs.subjects : []) {
      const s = obj(subject);
      if (s.kind === "ServiceAccount")
        bindings.set(`${s.namespace}/${s.name}`, String(obj(r.inputs.roleRef).name));
    }
  }
  const accounts: WorkflowsAccount[] = [];
  for (const r of byType(run, ":ServiceAccount")) {
    const metadata = obj(r.inputs.metadata);
    const annotations = obj(metadata.annotations);
    const rule = str(annotations["workflows.argoproj.io/rbac-rule"]);
    if (rule === undefined) continue;
    const name = String(metadata.name);
    const namespace = String(metadata.namespace);
    const clusterRole = bindings.get(`${namespace}/${name}`);
    accounts.push({
      serviceAccount: name,
      namespace,
      // argo-server: strconv.Atoi of the annotation, 0 when absent or not a number (server/auth/gatekeeper.go).
      precedence:
        Number.parseInt(String(annotations["workflows.argoproj.io/rbac-rule-precedence"] ?? "0"), 10) || 0,
      rule,
      ...(clusterRole ? { clusterRole } : {}),
      rules: clusterRole ? (roles.get(clusterRole) ?? []) : [],
      groupId: RULE.exec(rule.trim())?.[1],
    });
  }
  return accounts.sort(
    (a, b) => b.precedence - a.precedence || a.serviceAccount.localeCompare(b.serviceAccount),
  );
}

/**
 * The ServiceAccount argo-server picks for a user in `groupIds`: the highest precedence among
 * those whose rule matches (server/auth/gatekeeper.go `getServiceAccount`, v4.0.6).
 */
export function workflowsAccountFor(
  accounts: readonly WorkflowsAccount[],
  groupIds: readonly string[],
): WorkflowsAccess | null {
  const matching = accounts.filter((a) => a.groupId !== undefined && groupIds.includes(a.groupId));
  if (matching.length === 0) return null;
  const [top] = matching;
  const tied = matching
    .filter((a) => a !== top && a.precedence === top.precedence)
    .map((a) => a.serviceAccount);
  const { groupId: _ignored, ...access } = top;
  void _ignored;
  return tied.length > 0 ? { ...access, tiedWith: tied } : access;
}

/** The argo-cd release's `configs.rbac`. */
function argoCdRbacValues(run: ProgramRun): Json {
  const release = run.resources.find(
    (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "argo-cd",
  );
  return obj(obj(obj(release?.inputs.values).configs).rbac);
}

/** `[groups, email]` → ["groups", "email"]. */
function parseScopes(text: unknown): string[] {
  if (typeof text !== "string" || text.trim() === "") return ["groups"];
  return text
    .replace(/^\s*\[|\]\s*$/g, "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Builds the report from a render of the program. */
export async function buildAccessReport(
  run: ProgramRun,
  accountNames: Readonly<Record<string, string>> = {},
): Promise<AccessReport> {
  const rbacValues = argoCdRbacValues(run);
  const rbac = await ArgoCdRbac.load({
    policyCsv: String(rbacValues["policy.csv"] ?? ""),
    defaultRole: String(rbacValues["policy.default"] ?? ""),
    scopes: parseScopes(rbacValues.scopes),
    matchMode: rbacValues["policy.matchMode"] === "regex" ? "regex" : "glob",
  });
  const sets = permissionSets(run);
  const nameOfAccount = new Map(Object.entries(accountNames).map(([name, id]) => [id, name]));
  const groupIds = obj(run.outputs.groupIds) as Record<string, string>;
  const groupKeyById = new Map(Object.entries(groupIds).map(([key, id]) => [id, key]));
  const displayNames = new Map(
    byType(run, "/group:Group").map((g) => [String(g.outputs.groupId), String(g.inputs.displayName)]),
  );
  const users = byType(run, "/user:User").map((u) => ({
    name: String(u.inputs.userName),
    id: String(u.outputs.userId),
  }));
  const userById = new Map(users.map((u) => [u.id, u.name]));
  const memberships = byType(run, "/groupMembership:GroupMembership").map((m) => ({
    groupId: String(m.inputs.groupId),
    // memberId is the user ID (aws.identitystore.GroupMembership), a string on the wire.
    userId: String(m.inputs.memberId),
  }));
  const grants = new Map<string, AwsGrant[]>();
  for (const a of byType(run, "/accountAssignment:AccountAssignment")) {
    const set = sets.get(String(a.inputs.permissionSetArn));
    const accountId = String(a.inputs.targetId);
    const accountName = nameOfAccount.get(accountId);
    const grant: AwsGrant = {
      permissionSet: set?.name ?? String(a.inputs.permissionSetArn),
      accountId,
      ...(accountName ? { accountName } : {}),
    };
    const principal = `${String(a.inputs.principalType)}:${String(a.inputs.principalId)}`;
    grants.set(principal, [...(grants.get(principal) ?? []), grant]);
  }
  const accounts = workflowsAccounts(run);
  const argocdFor = async (ids: readonly string[]): Promise<ArgoCdAccess> => {
    const subjects = rbac.subjectsFor({ groups: ids });
    const lines: ArgoCdLine[] = [];
    for (const subject of subjects)
      for (const line of await rbac.linesFor(subject)) lines.push({ ...line, subject });
    const roles = new Set<string>();
    if (rbac.settings.defaultRole) roles.add(rbac.settings.defaultRole);
    for (const line of lines) if (line.via.startsWith("role:")) roles.add(line.via);
    return { roles: [...roles].sort(), lines: sortLines(lines) };
  };

  const groups: PrincipalAccess[] = [];
  for (const [key, id] of Object.entries(groupIds).sort(([a], [b]) => a.localeCompare(b))) {
    groups.push({
      kind: "group",
      key,
      id,
      ...(displayNames.has(id) ? { displayName: displayNames.get(id) } : {}),
      aws: sortGrants(grants.get(`GROUP:${id}`) ?? []),
      argocd: await argocdFor([id]),
      workflows: workflowsAccountFor(accounts, [id]),
    });
  }
  const userAccess: PrincipalAccess[] = [];
  for (const user of [...users].sort((a, b) => a.name.localeCompare(b.name))) {
    const memberOf = memberships.filter((m) => m.userId === user.id).map((m) => m.groupId);
    const viaGroups = memberOf.flatMap((gid) =>
      (grants.get(`GROUP:${gid}`) ?? []).map((g) => ({ ...g, through: groupKeyById.get(gid) ?? gid })),
    );
    userAccess.push({
      kind: "user",
      key: user.name,
      id: user.id,
      groups: memberOf.map((gid) => groupKeyById.get(gid) ?? gid).sort(),
      aws: sortGrants([...(grants.get(`USER:${user.id}`) ?? []), ...viaGroups]),
      argocd: await argocdFor(memberOf),
      workflows: workflowsAccountFor(accounts, memberOf),
    });
  }
  // Assignments to users that this stack does not create (looked up): listed under their ID.
  for (const principal of grants.keys()) {
    const [type, id] = principal.split(/:(.*)/s);
    if (type === "USER" && !userById.has(id)) {
      userAccess.push({
        kind: "user",
        key: id,
        id,
        groups: [],
        aws: sortGrants(grants.get(principal) ?? []),
        argocd: await argocdFor([]),
        workflows: null,
      });
    }
  }
  return {
    project: run.project,
    stack: run.stack,
    argocd: {
      defaultRole: rbac.settings.defaultRole,
      scopes: rbac.settings.scopes,
      matchMode: rbac.settings.matchMode,
    },
    permissionSets: [...sets.values()].sort((a, b) => a.name.localeCompare(b.name)),
    groups,
    users: userAccess,
  };
}

function sortGrants(grants: AwsGrant[]): AwsGrant[] {
  return grants.sort(
    (a, b) =>
      a.permissionSet.localeCompare(b.permissionSet) ||
      a.accountId.localeCompare(b.accountId) ||
      (a.through ?? "").localeCompare(b.through ?? ""),
  );
}

function sortLines(lines: ArgoCdLine[]): ArgoCdLine[] {
  const key = (l: ArgoCdLine) => [l.resource, l.action, l.object, l.effect, l.via, l.subject].join("\u0000");
  return lines.sort((a, b) => key(a).localeCompare(key(b)));
}
