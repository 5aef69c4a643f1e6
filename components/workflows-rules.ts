/**
 * Pure helpers for Argo Workflows SSO RBAC (argo-workflows docs/argo-server-sso.md): which
 * ServiceAccount a group maps to, its `rbac-rule` expression, its precedence, and the Kubernetes
 * permissions of each level. argo-server evaluates every annotated ServiceAccount's rule against
 * the user's claims (highest precedence first) and then acts with the first match's token
 * (argo-workflows v4.0.6 server/auth/gatekeeper.go `getServiceAccount`).
 */
import * as crypto from "node:crypto";

/** Argo Workflows SSO RBAC levels, strongest first. */
export const WORKFLOWS_ROLES = ["admin", "edit", "view"] as const;
export type WorkflowsRole = (typeof WORKFLOWS_ROLES)[number];

/** What the Workflows RBAC looks at in a group (`argo-sso:groups.<key>.workflows`). */
export interface WorkflowsGroup {
  /** The group's Workflows level; no ServiceAccount when absent. */
  readonly workflows?: WorkflowsRole;
}

export const RBAC_RULE_ANNOTATION = "workflows.argoproj.io/rbac-rule";
export const RBAC_PRECEDENCE_ANNOTATION = "workflows.argoproj.io/rbac-rule-precedence";
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

/** Higher wins when a user is in several groups: admin > edit > view. */
export const WORKFLOWS_PRECEDENCE: Readonly<Record<WorkflowsRole, number>> = {
  admin: 30,
  edit: 20,
  view: 10,
};

/** One Kubernetes RBAC rule (the shape of `rbac.authorization.k8s.io/v1` PolicyRule). */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  /** Only these objects; absent = every object of the resources. */
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

const READ = ["get", "list", "watch"];
const ARGO_RESOURCES = [
  "workflows",
  "workflowtemplates",
  "cronworkflows",
  "clusterworkflowtemplates",
  "workfloweventbindings",
];
const ARGO_READ: PolicyRule = { apiGroups: ["argoproj.io"], resources: ARGO_RESOURCES, verbs: READ };
// The UI lists Argo Events objects on every namespace page, installed or not. Only event sources
// and sensors: argo-server v4.0.6 has no EventBus API (server/eventsource, server/sensor).
const EVENTS_READ: PolicyRule = {
  apiGroups: ["argoproj.io"],
  resources: ["eventsources", "sensors"],
  verbs: READ,
};
// The UI shows a workflow's pods, their events and their logs.
const POD_READ: PolicyRule = { apiGroups: [""], resources: ["pods", "events"], verbs: READ };
const LOG_READ: PolicyRule = { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] };
// Submit and resubmit create a Workflow; stop, terminate, suspend and resume patch it.
const WORKFLOW_RUN: PolicyRule = {
  apiGroups: ["argoproj.io"],
  resources: ["workflows"],
  verbs: ["create", "update", "patch"],
};
// No deletecollection: argo-server v4.0.6 deletes one object at a time (no DeleteCollection call
// anywhere under server/).
const ARGO_MANAGE: PolicyRule = {
  apiGroups: ["argoproj.io"],
  resources: ARGO_RESOURCES,
  verbs: ["create", "update", "patch", "delete"],
};
// Retry deletes the failed nodes' pods with the user's token.
const POD_DELETE: PolicyRule = { apiGroups: [""], resources: ["pods"], verbs: ["delete"] };

/**
 * The least-privilege rules of each level; each level includes the one below.
 * - view: read workflows, workflow templates, cron workflows, cluster templates, pods, events,
 *   logs (and Argo Events objects, which the UI lists);
 * - edit: view, plus submit, resubmit and stop workflows;
 * - admin: edit, plus create, change and delete every Argo Workflows resource (cluster templates
 *   included) and delete pods (retry).
 */
export const WORKFLOWS_LEVEL_RULES: Readonly<Record<WorkflowsRole, readonly PolicyRule[]>> = {
  view: [ARGO_READ, EVENTS_READ, POD_READ, LOG_READ],
  edit: [ARGO_READ, EVENTS_READ, POD_READ, LOG_READ, WORKFLOW_RUN],
  admin: [ARGO_READ, EVENTS_READ, POD_READ, LOG_READ, ARGO_MANAGE, POD_DELETE],
};

/**
 * The argo-server rule expression for a group ID: `'<id>' in ($env?.groups ?? [])`.
 *
 * Not `'<id>' in groups`: argo-server compiles each rule with the user's claims as the
 * environment (util/expr/argoexpr/eval.go, v4.0.6), `groups` is `omitempty` in the claims, and
 * expr v1.17.7 refuses an unknown name at compile time (`unknown name groups`); a rule error
 * stops the whole lookup, so every lower-precedence account is lost (argo-workflows #13061).
 * `$env?.groups` is an optional member of the environment, which expr's checker does not
 * require to exist (checker/checker.go `memberNode`, v1.17.7), and `?? []` turns the missing
 * claim into an empty list, so the rule is simply false.
 */
export function workflowsRbacRule(groupId: string): string {
  if (!/^[A-Za-z0-9._:@-]+$/.test(groupId)) {
    throw new Error(`group ID ${JSON.stringify(groupId)} cannot be quoted in an Argo Workflows rbac-rule`);
  }
  return `'${groupId}' in ($env?.groups ?? [])`;
}

/**
 * The rule that lets an SSO account read the artifact repository's credential Secrets: argo-server
 * reads them with the user's own (SSO ServiceAccount) client, in the workflow's namespace
 * (server/artifacts/artifact_server.go `getArtifactAndDriver` and server/artifacts/resources.go,
 * v4.0.6). `get` only, by name: never list or watch Secrets.
 */
export function artifactSecretsRule(secretNames: readonly string[]): PolicyRule {
  return { apiGroups: [""], resources: ["secrets"], resourceNames: [...secretNames], verbs: ["get"] };
}

/** The rules of `level`, plus read access to `artifactSecrets` when any are named. */
export function workflowsLevelRules(level: WorkflowsRole, artifactSecrets: readonly string[]): PolicyRule[] {
  const rules = [...WORKFLOWS_LEVEL_RULES[level]];
  if (artifactSecrets.length > 0) rules.push(artifactSecretsRule(artifactSecrets));
  return rules;
}

/** The ID of `groupKey` in `groupIds`, or an error naming the group. */
export function requireGroupId(groupIds: Readonly<Record<string, string>>, groupKey: string): string {
  const id = groupIds[groupKey];
  if (!id) throw new Error(`group ${groupKey}: no Identity Store group ID for its Argo Workflows rule`);
  return id;
}

/**
 * A valid Kubernetes name (DNS-1123 label) from a group config key, prefixed `sso-`. A key that
 * is not one already (upper case, `_`, too long) gets a short hash suffix so that two keys that
 * differ only in case never share an account.
 */
export function workflowsServiceAccountName(groupKey: string): string {
  const slug = groupKey
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const plain = `sso-${slug}`;
  if (slug === groupKey && plain.length <= 63) return plain;
  const hash = crypto.createHash("sha256").update(groupKey).digest("hex").slice(0, 8);
  return `${plain.slice(0, 54).replace(/-+$/, "")}-${hash}`;
}

/** The token Secret argo-server reads for a ServiceAccount (`<sa>.service-account-token`). */
export function serviceAccountTokenName(serviceAccount: string): string {
  return `${serviceAccount}.service-account-token`;
}

/** The ClusterRole of a level, e.g. `argo-workflows-sso-view`. */
export function workflowsClusterRoleName(releaseName: string, level: WorkflowsRole): string {
  return `${releaseName}-sso-${level}`;
}

/** One group's Workflows access: everything but its ID, which arrives later as an Output. */
export interface WorkflowsGrant {
  readonly groupKey: string;
  readonly level: WorkflowsRole;
  readonly serviceAccount: string;
  readonly precedence: number;
}

/** The groups with a Workflows role, sorted by key; throws if two keys map to one account name. */
export function workflowsGrants(groups: Readonly<Record<string, WorkflowsGroup>>): WorkflowsGrant[] {
  const grants: WorkflowsGrant[] = [];
  const seen = new Map<string, string>();
  for (const groupKey of Object.keys(groups).sort()) {
    const level = groups[groupKey].workflows;
    if (level === undefined) continue;
    const serviceAccount = workflowsServiceAccountName(groupKey);
    const other = seen.get(serviceAccount);
    if (other !== undefined) {
      throw new Error(`groups ${other} and ${groupKey} map to the same ServiceAccount ${serviceAccount}`);
    }
    seen.set(serviceAccount, groupKey);
    grants.push({ groupKey, level, serviceAccount, precedence: WORKFLOWS_PRECEDENCE[level] });
  }
  return grants;
}

/** The levels some group uses, strongest first (one ClusterRole each). */
export function usedLevels(grants: readonly WorkflowsGrant[]): WorkflowsRole[] {
  return WORKFLOWS_ROLES.filter((level) => grants.some((g) => g.level === level));
}
