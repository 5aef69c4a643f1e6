/**
 * The access report as text (terminal), markdown (a PR comment or an audit ticket) and JSON, and
 * the grant lines that `--diff` compares.
 */
import type { AccessReport, ArgoCdLine, PermissionSetSummary, PrincipalAccess } from "./model";

export type AccessFormat = "text" | "markdown" | "json";
export const ACCESS_FORMATS: readonly AccessFormat[] = ["text", "markdown", "json"];

/** Keeps only one group or one user (and the permission sets they use). */
export function narrow(report: AccessReport, filter: { group?: string; user?: string }): AccessReport {
  const groups =
    filter.user !== undefined
      ? []
      : report.groups.filter((g) => filter.group === undefined || g.key === filter.group);
  const users =
    filter.group !== undefined
      ? []
      : report.users.filter((u) => filter.user === undefined || u.key === filter.user);
  const used = new Set([...groups, ...users].flatMap((p) => p.aws.map((g) => g.permissionSet)));
  const narrowed = filter.group !== undefined || filter.user !== undefined;
  return {
    ...report,
    permissionSets: narrowed ? report.permissionSets.filter((s) => used.has(s.name)) : report.permissionSets,
    groups,
    users,
  };
}

const account = (g: { accountId: string; accountName?: string }) =>
  g.accountName ? `${g.accountName} (${g.accountId})` : g.accountId;

/** AWS grants as `Set: account, account`, one line per permission set (and group it comes through). */
function awsLines(p: PrincipalAccess): string[] {
  const bySet = new Map<string, string[]>();
  for (const g of p.aws) {
    const key = g.through ? `${g.permissionSet} (through ${g.through})` : g.permissionSet;
    bySet.set(key, [...(bySet.get(key) ?? []), account(g)]);
  }
  return [...bySet].map(([set, accounts]) => `${set}: ${accounts.join(", ")}`);
}

/** Argo CD lines grouped per effect, resource and object: `allow applications get, sync on dev/*  [role:deployer]`. */
export function argoCdLines(lines: readonly ArgoCdLine[]): string[] {
  const grouped = new Map<string, { actions: string[]; via: string[] }>();
  for (const l of lines) {
    const key = `${l.resource}\u0000${l.effect}\u0000${l.object}`;
    const entry = grouped.get(key) ?? { actions: [], via: [] };
    if (!entry.actions.includes(l.action)) entry.actions.push(l.action);
    if (!entry.via.includes(l.via)) entry.via.push(l.via);
    grouped.set(key, entry);
  }
  return [...grouped]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, { actions, via }]) => {
      const [resource, effect, object] = key.split("\u0000");
      return `${effect} ${resource} ${actions.sort().join(", ")} on ${object}  [${via.sort().join(", ")}]`;
    });
}

function workflowsLines(p: PrincipalAccess): string[] {
  const w = p.workflows;
  if (!w) return ["no ServiceAccount rule matches: argo-server refuses the login"];
  const head = `${w.namespace}/${w.serviceAccount} (precedence ${w.precedence}) → ClusterRole ${w.clusterRole ?? "(none)"}`;
  const tie = w.tiedWith?.length
    ? [`warning: same precedence as ${w.tiedWith.join(", ")}: argo-server picks one of them arbitrarily`]
    : [];
  const rules = w.rules.map(
    (r) =>
      `${r.apiGroups.map((g) => g || "core").join(",")} ${r.resources.join(",")}` +
      `${r.resourceNames ? ` named ${r.resourceNames.join(", ")}` : ""}: ${r.verbs.join(", ")}`,
  );
  return [head, ...tie, ...rules];
}

function setLines(s: PermissionSetSummary): string[] {
  const lines = [
    `session ${s.sessionDuration ?? "PT1H"}${s.relayState ? `, relay state ${s.relayState}` : ""}`,
  ];
  if (s.managedPolicies.length) lines.push(`managed: ${s.managedPolicies.join(", ")}`);
  if (s.customerPolicies.length) lines.push(`customer managed: ${s.customerPolicies.join(", ")}`);
  for (const st of s.inlineStatements) {
    lines.push(
      `inline ${st.effect}${st.sid ? ` (${st.sid})` : ""}: ${st.notAction ? "everything except " : ""}${st.actions.join(", ")}`,
    );
  }
  if (s.boundary) lines.push(`boundary: ${s.boundary}`);
  return lines;
}

function principalTitle(p: PrincipalAccess): string {
  if (p.kind === "group")
    return `group ${p.key}${p.displayName && p.displayName !== p.key ? ` ("${p.displayName}")` : ""}  id ${p.id}`;
  return `user ${p.key}${p.groups?.length ? `  member of ${p.groups.join(", ")}` : ""}`;
}

function sections(p: PrincipalAccess): [string, string[]][] {
  return [
    ["AWS", p.aws.length ? awsLines(p) : ["no account access"]],
    [
      `Argo CD (roles: ${p.argocd.roles.join(", ") || "none"})`,
      p.argocd.lines.length ? argoCdLines(p.argocd.lines) : ["no access"],
    ],
    ["Argo Workflows", workflowsLines(p)],
  ];
}

export function formatText(report: AccessReport): string {
  const out = [
    `argo-sso / ${report.stack}: who can do what`,
    `Argo CD policy.default: ${report.argocd.defaultRole || '"" (nothing by default)'}; scopes ${report.argocd.scopes.join(", ")}`,
    "",
  ];
  for (const p of [...report.groups, ...report.users]) {
    out.push(principalTitle(p));
    for (const [title, lines] of sections(p)) {
      out.push(`  ${title}`, ...lines.map((l) => `    ${l}`));
    }
    out.push("");
  }
  if (report.permissionSets.length) out.push("permission sets");
  for (const s of report.permissionSets) out.push(`  ${s.name}`, ...setLines(s).map((l) => `    ${l}`));
  return out.join("\n").trimEnd() + "\n";
}

const md = (text: string) => text.replace(/([|*_`\\<>[\]])/g, "\\$1");
/** A Markdown code span: patterns such as `*\/*` stay readable. */
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

export function formatMarkdown(report: AccessReport): string {
  const out = [`## argo-sso / ${report.stack}: who can do what`, ""];
  out.push(
    `Argo CD \`policy.default\`: ${report.argocd.defaultRole ? `\`${report.argocd.defaultRole}\`` : "none"}; scopes ${report.argocd.scopes.map((s) => `\`${s}\``).join(", ")}`,
    "",
  );
  for (const p of [...report.groups, ...report.users]) {
    out.push(`### ${md(principalTitle(p))}`, "");
    for (const [title, lines] of sections(p)) {
      out.push(`**${md(title)}**`, "", ...lines.map((l) => `- ${code(l)}`), "");
    }
  }
  if (report.permissionSets.length) {
    out.push("### Permission sets", "", "| permission set | session | policies |", "|---|---|---|");
    for (const s of report.permissionSets) {
      const policies = setLines(s).slice(1).map(code).join("<br>");
      out.push(`| ${md(s.name)} | ${md(s.sessionDuration ?? "PT1H")} | ${policies || "none"} |`);
    }
  }
  return out.join("\n").trimEnd() + "\n";
}

export function formatReport(report: AccessReport, format: AccessFormat): string {
  if (format === "json") return JSON.stringify(report, null, 2) + "\n";
  return format === "markdown" ? formatMarkdown(report) : formatText(report);
}

/** Separates an Argo CD grant line's (principal, effect, resource, object) from its action. */
const ACTION_SEPARATOR = " :: ";

/**
 * Every grant of a report as one comparable line, principals by key (never by ID), one line per
 * Argo CD action so that a diff is exact; {@link compactLines} groups them again for reading.
 */
export function grantLines(report: AccessReport): string[] {
  const lines: string[] = [];
  for (const p of [...report.groups, ...report.users]) {
    const who = `${p.kind} ${p.key}`;
    for (const g of p.aws)
      lines.push(
        `${who}: AWS ${g.permissionSet} in ${account(g)}${g.through ? ` through ${g.through}` : ""}`,
      );
    for (const l of p.argocd.lines)
      lines.push(`${who}: Argo CD ${l.effect} ${l.resource} on ${l.object}${ACTION_SEPARATOR}${l.action}`);
    const w = p.workflows;
    if (w)
      lines.push(
        `${who}: Argo Workflows ${w.serviceAccount} (precedence ${w.precedence}) → ${w.clusterRole ?? "(none)"}`,
      );
  }
  for (const s of report.permissionSets)
    for (const l of setLines(s)) lines.push(`permission set ${s.name}: ${l}`);
  return [...new Set(lines)].sort();
}

/** Groups the per-action Argo CD lines of {@link grantLines}: `... allow applications on dev/*: get, sync`. */
export function compactLines(lines: readonly string[]): string[] {
  const grouped = new Map<string, string[]>();
  for (const line of lines) {
    const at = line.lastIndexOf(ACTION_SEPARATOR);
    const head = at < 0 ? line : line.slice(0, at);
    const actions = grouped.get(head) ?? [];
    if (at >= 0) actions.push(line.slice(at + ACTION_SEPARATOR.length));
    grouped.set(head, actions);
  }
  return [...grouped].map(([head, actions]) =>
    actions.length ? `${head}: ${actions.sort().join(", ")}` : head,
  );
}

/** What `after` grants that `before` does not, and what it removes, compacted for reading. */
export function diffReports(
  before: AccessReport,
  after: AccessReport,
): { granted: string[]; removed: string[] } {
  const a = new Set(grantLines(before));
  const b = new Set(grantLines(after));
  return {
    granted: compactLines([...b].filter((l) => !a.has(l))),
    removed: compactLines([...a].filter((l) => !b.has(l))),
  };
}

export function formatDiff(
  diff: { granted: string[]; removed: string[] },
  names: { before: string; after: string },
  format: AccessFormat,
): string {
  if (format === "json")
    return JSON.stringify({ before: names.before, after: names.after, ...diff }, null, 2) + "\n";
  const none = diff.granted.length === 0 && diff.removed.length === 0;
  if (format === "markdown") {
    const out = [`## Access change: ${md(names.before)} → ${md(names.after)}`, ""];
    if (none) out.push("No access is granted or removed.");
    if (diff.granted.length) out.push("**Granted**", "", ...diff.granted.map((l) => `- ${code(l)}`), "");
    if (diff.removed.length) out.push("**Removed**", "", ...diff.removed.map((l) => `- ${code(l)}`), "");
    return out.join("\n").trimEnd() + "\n";
  }
  const out = [`access change: ${names.before} → ${names.after}`];
  if (none) out.push("no access is granted or removed");
  out.push(...diff.granted.map((l) => `+ ${l}`), ...diff.removed.map((l) => `- ${l}`));
  return out.join("\n") + "\n";
}
