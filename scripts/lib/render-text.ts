/**
 * The human rendering of a run (`--format text`): a tree of components and their children,
 * with per-type counts under each component, the inputs a reviewer checks (`<` lines: account
 * assignments, Workflows rules, policy.csv) and the mocked outputs (`=` lines), then the stack
 * outputs.
 */
import type { CapturedResource, ProgramRun } from "./mock-runtime";

function identity(r: CapturedResource): string {
  return `${r.type}::${r.name}`;
}

/** `aws:ssoadmin/accountAssignment:AccountAssignment` → `aws:ssoadmin/AccountAssignment`. */
export function shortType(type: string): string {
  const [pkg, mod, cls] = type.split(":");
  if (cls === undefined) return type;
  const module = mod.split("/")[0];
  return module === "index" ? `${pkg}:${cls}` : `${pkg}:${module}/${cls}`;
}

function countByType(resources: readonly CapturedResource[]): string {
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(shortType(r.type), (counts.get(shortType(r.type)) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, n]) => `${n} ${t}`)
    .join(", ");
}

/**
 * Inputs a reviewer needs to see in the text format, per resource type: who gets which
 * permission set in which account, each Workflows SSO rule, and every policy.csv line.
 */
export const SHOWN_INPUTS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  "aws:ssoadmin/accountAssignment:AccountAssignment": [
    ["principalType"],
    ["principalId"],
    ["permissionSetArn"],
    ["targetId"],
  ],
  "aws:identitystore/group:Group": [["displayName"]],
  "aws:ssoadmin/permissionSet:PermissionSet": [["name"], ["sessionDuration"]],
  "aws:ssoadmin/applicationAssignment:ApplicationAssignment": [["principalId"]],
  "kubernetes:core/v1:ServiceAccount": [["metadata", "annotations", "workflows.argoproj.io/rbac-rule"]],
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": [["roleRef", "name"]],
  "kubernetes:helm.sh/v3:Release": [
    ["chart"],
    ["version"],
    ["values", "configs", "rbac", "policy.default"],
    ["values", "configs", "rbac", "policy.csv"],
    ["values", "server", "authModes"],
  ],
};

function inputAt(inputs: unknown, keys: readonly string[]): unknown {
  let node = inputs;
  for (const key of keys) {
    if (typeof node !== "object" || node === null || !Object.prototype.hasOwnProperty.call(node, key))
      return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** `    < key: value` lines for the shown inputs of `r` (multi-line text indented below its key). */
export function inputLines(r: CapturedResource, pad: string): string[] {
  const lines: string[] = [];
  for (const keys of SHOWN_INPUTS[r.type] ?? []) {
    const value = inputAt(r.inputs, keys);
    if (value === undefined || value === "") continue;
    const key = keys[keys.length - 1];
    if (typeof value === "string" && value.includes("\n")) {
      lines.push(
        `${pad}    < ${key}:`,
        ...value
          .trimEnd()
          .split("\n")
          .map((l) => `${pad}        ${l}`),
      );
    } else {
      lines.push(`${pad}    < ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
  }
  return lines;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return value.includes("\n") ? `<${value.split("\n").length} lines>` : value;
  return JSON.stringify(value);
}

/** The resource options beyond protect and provider, only those set, for the tree line. */
export function optionFlags(r: CapturedResource): string[] {
  const list = (items: readonly string[]): string => items.join(" ");
  const timeouts = Object.entries(r.customTimeouts).map(([op, d]) => `${op} ${d}`);
  return [
    r.additionalSecretOutputs.length > 0 ? `secret outputs ${list(r.additionalSecretOutputs)}` : "",
    timeouts.length > 0 ? `timeouts ${timeouts.join(" ")}` : "",
    r.deletedWith ? `deleted with ${r.deletedWith}` : "",
    r.ignoreChanges.length > 0 ? `ignore changes ${list(r.ignoreChanges)}` : "",
    r.replaceOnChanges.length > 0 ? `replace on changes ${list(r.replaceOnChanges)}` : "",
    r.retainOnDelete ? "retain on delete" : "",
    r.deleteBeforeReplace ? "delete before replace" : "",
    r.aliases.length > 0
      ? `aliases ${r.aliases.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`
      : "",
    r.importId ? `import ${r.importId}` : "",
  ];
}

export function renderText(run: ProgramRun): string {
  const children = new Map<string | null, CapturedResource[]>();
  for (const r of run.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const descendants = (r: CapturedResource): CapturedResource[] =>
    (children.get(identity(r)) ?? []).flatMap((c) => [c, ...descendants(c)]);

  const lines: string[] = [
    `${run.project} / ${run.stack}: ${run.resources.length} resources`,
    `  ${countByType(run.resources)}`,
    "",
  ];
  const walk = (r: CapturedResource, depth: number): void => {
    const pad = "  ".repeat(depth);
    const flags = [
      r.protect ? "protected" : "",
      r.provider ? `provider ${r.provider.split("::")[1]}` : "",
      ...optionFlags(r),
    ]
      .filter(Boolean)
      .join(", ");
    const kids = children.get(identity(r)) ?? [];
    const summary = kids.length > 0 ? `  [${countByType(descendants(r))}]` : "";
    lines.push(`${pad}${shortType(r.type)} ${r.name}${flags ? ` (${flags})` : ""}${summary}`);
    lines.push(...inputLines(r, pad));
    for (const [key, value] of Object.entries(r.outputs)) {
      if (key !== "id") lines.push(`${pad}    = ${key}: ${formatValue(value)}`);
    }
    const sorted = [...kids].sort((a, b) => (identity(a) < identity(b) ? -1 : 1));
    for (const child of sorted) walk(child, depth + 1);
  };
  for (const root of children.get(null) ?? []) walk(root, 0);

  lines.push("", "Stack outputs:");
  for (const [key, value] of Object.entries(run.outputs)) {
    if (typeof value === "string" && value.includes("\n")) {
      lines.push(
        `  ${key}: |`,
        ...value
          .trimEnd()
          .split("\n")
          .map((l) => `    ${l}`),
      );
    } else {
      lines.push(`  ${key}: ${JSON.stringify(value, null, 2).split("\n").join("\n  ")}`);
    }
  }
  return lines.join("\n") + "\n";
}
