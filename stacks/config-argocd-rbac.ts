/**
 * Argo CD roles in the config: `role:admin`, `role:readonly` or a custom `role:<name>` defined
 * under `argo-sso:argocd.roles` as policy lines `<resource>, <action>, <object>, <effect>`
 * (Argo CD 3.x RBAC: docs/operator-manual/rbac.md; built-in roles in assets/builtin-policy.csv).
 */
import { ARGOCD_BUILTIN_ROLES } from "./types";
import { csvFieldProblem } from "../components/argocd-policy";
import { At, describe, didYouMean } from "./config-read";
import { readList, readObj, readText, record } from "./config-values";

const ROLE_NAME = /^[\w.-]{1,64}$/;
/** Argo CD RBAC resources (Argo CD 3.x RBAC docs). */
export const ARGOCD_RBAC_RESOURCES = [
  "applications",
  "applicationsets",
  "clusters",
  "projects",
  "repositories",
  "accounts",
  "certificates",
  "gpgkeys",
  "logs",
  "exec",
  "extensions",
  "*",
];
const RBAC_ACTION = /^(\*|get|create|update(\/\S+)?|delete(\/\S+)?|sync|override|invoke|action\/\S+)$/;

/**
 * An Argo CD role: `role:admin`, `role:readonly` or `role:<name>` of `argocd.roles`. With
 * `allowEmpty`, `""` (no role) is accepted. `customRoles` undefined: custom names are not checked.
 */
export function readArgoCdRole(
  at: At,
  value: unknown,
  customRoles: readonly string[] | undefined,
  allowEmpty = false,
): string | undefined {
  const role = readText(at, value, { min: allowEmpty ? 0 : 1 });
  if (role === undefined || role === "") return role;
  const known = [...ARGOCD_BUILTIN_ROLES, ...(customRoles ?? []).map((r) => `role:${r}`)];
  if (known.includes(role)) return role;
  if (customRoles === undefined && role.startsWith("role:")) return role;
  at.problem(
    `unknown Argo CD role ${JSON.stringify(role)}${didYouMean(role, known)}; known: ${known.join(", ")} (custom roles go under argo-sso:argocd.roles)`,
  );
  return undefined;
}

/** Checks one custom-role policy line, `<resource>, <action>, <object>, <effect>`. */
export function policyLineProblem(line: string): string | undefined {
  const fields = line.split(",").map((f) => f.trim());
  if (fields[0] === "p" || fields[0] === "g") {
    return `write only <resource>, <action>, <object>, <effect>: argo-sso adds "p, role:<name>," itself, got ${describe(line)}`;
  }
  if (fields.length !== 4 || fields.some((f) => f === "")) {
    return `must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got ${describe(line)}`;
  }
  const names = ["resource", "action", "object", "effect"];
  for (const [i, field] of fields.entries()) {
    const problem = csvFieldProblem(field);
    if (problem !== undefined) return `the ${names[i]} field ${problem}, got ${describe(field)}`;
  }
  const [resource, action, , effect] = fields;
  if (!ARGOCD_RBAC_RESOURCES.includes(resource)) {
    return `unknown resource ${JSON.stringify(resource)}${didYouMean(resource, ARGOCD_RBAC_RESOURCES)}; known: ${ARGOCD_RBAC_RESOURCES.join(", ")}`;
  }
  if (!RBAC_ACTION.test(action)) {
    return `unknown action ${JSON.stringify(action)}; known: get, create, update, update/*, delete, delete/*, sync, override, invoke, action/..., *`;
  }
  if (effect !== "allow" && effect !== "deny")
    return `effect must be allow or deny, got ${JSON.stringify(effect)}`;
  return undefined;
}

/** Reads `argocd.roles`; returns the names present (for references) and the valid map. */
export function readRoles(at: At, value: unknown) {
  const obj = readObj(at, value, "role name (without role:) to policy lines");
  if (!obj) return { names: undefined, roles: undefined };
  let ok = true;
  const entries = Object.entries(obj).map(([name, lines]): [string, string[]] => {
    const here = at.at(name);
    if (!ROLE_NAME.test(name)) {
      here.problem(
        `role name must be 1 to 64 letters, digits and _.- without "role:", got ${describe(name)}`,
      );
      ok = false;
    } else if ((ARGOCD_BUILTIN_ROLES as readonly string[]).includes(`role:${name}`)) {
      here.problem(`role:${name} is built into Argo CD; choose another name`);
      ok = false;
    }
    const list = readList(here, lines, "policy lines <resource>, <action>, <object>, <effect>") ?? [];
    if (list.length === 0) {
      ok = false;
      if (Array.isArray(lines)) here.problem("must have at least one policy line");
    }
    const read = list.map((line, i) => {
      const text = readText(here.at(i), line);
      const problem = text === undefined ? "" : policyLineProblem(text);
      if (problem) here.at(i).problem(problem);
      return problem === undefined ? text : undefined;
    });
    if (read.includes(undefined)) ok = false;
    return [name, read as string[]];
  });
  return { names: Object.keys(obj), roles: ok ? record(entries) : undefined };
}
