/**
 * Argo CD roles in the stack-config schema: `role:admin`, `role:readonly` or a custom
 * `role:<name>` defined under `argo-sso:argocd.roles` as policy lines
 * `<resource>, <action>, <object>, <effect>` (Argo CD 3.x RBAC: docs/operator-manual/rbac.md;
 * built-in roles in assets/builtin-policy.csv). Every field must be one CSV field as Argo CD
 * parses it (components/argocd-policy.ts `csvFieldProblem`).
 */
import { ARGOCD_BUILTIN_ROLES, csvFieldProblem } from "../components/argocd-policy";
import { ON_MAP, describe, didYouMean, list, map, problem, str, textCheck } from "./schema-kit";

/** Argo CD RBAC resources (Argo CD 3.x RBAC docs). */
const RESOURCES =
  "applications applicationsets clusters projects repositories accounts certificates gpgkeys logs exec extensions *";
const ARGOCD_RBAC_RESOURCES = RESOURCES.split(" ");
const RBAC_ACTION = /^(\*|get|create|update(\/\S+)?|delete(\/\S+)?|sync|override|invoke|action\/\S+)$/;
const FIELDS = ["resource", "action", "object", "effect"];

/** Checks one custom-role policy line, `<resource>, <action>, <object>, <effect>`. */
export function policyLineProblem(line: string): string | undefined {
  const fields = line.split(",").map((f) => f.trim());
  const form = "<resource>, <action>, <object>, <effect>";
  if (fields[0] === "p" || fields[0] === "g")
    return `write only ${form}: argo-sso adds "p, role:<name>," itself, got ${describe(line)}`;
  if (fields.length !== 4 || fields.some((f) => f === ""))
    return `must be 4 comma-separated fields ${form}, got ${describe(line)}`;
  for (const [i, field] of fields.entries()) {
    const problem = csvFieldProblem(field);
    if (problem !== undefined) return `the ${FIELDS[i]} field ${problem}, got ${describe(field)}`;
  }
  const [resource, action, , effect] = fields;
  if (!ARGOCD_RBAC_RESOURCES.includes(resource)) {
    const hint = didYouMean(resource, ARGOCD_RBAC_RESOURCES);
    return `unknown resource ${JSON.stringify(resource)}${hint}; known: ${ARGOCD_RBAC_RESOURCES.join(", ")}`;
  }
  if (!RBAC_ACTION.test(action)) {
    const known = "get, create, update, update/*, delete, delete/*, sync, override, invoke, action/..., *";
    return `unknown action ${JSON.stringify(action)}; known: ${known}`;
  }
  return effect === "allow" || effect === "deny"
    ? undefined
    : `effect must be allow or deny, got ${JSON.stringify(effect)}`;
}

/**
 * The problem with an Argo CD role reference: `role:admin`, `role:readonly` or `role:<name>`
 * of `argocd.roles`. `customRoles` undefined (roles unreadable): custom names are not checked.
 */
export function argoCdRoleProblem(
  role: string,
  customRoles: readonly string[] | undefined,
): string | undefined {
  const known = [...ARGOCD_BUILTIN_ROLES, ...(customRoles ?? []).map((r) => `role:${r}`)];
  if (role === "" || known.includes(role) || (customRoles === undefined && role.startsWith("role:")))
    return undefined;
  return `unknown Argo CD role ${JSON.stringify(role)}${didYouMean(role, known)}; known: ${known.join(", ")} (custom roles go under argo-sso:argocd.roles)`;
}

export const rolesSchema = map(
  "role name (without role:) to policy lines",
  list(
    "policy lines <resource>, <action>, <object>, <effect>",
    str().superRefine(textCheck(policyLineProblem)),
    "must have at least one policy line",
  ),
)
  .superRefine((roles, ctx) => {
    for (const name of Object.keys(roles)) {
      const rule = 'role name must be 1 to 64 letters, digits and _.- without "role:"';
      if (!/^[\w.-]{1,64}$/.test(name)) problem(ctx, [name], `${rule}, got ${describe(name)}`);
      else if ((ARGOCD_BUILTIN_ROLES as readonly string[]).includes(`role:${name}`))
        problem(ctx, [name], `role:${name} is built into Argo CD; choose another name`);
    }
  }, ON_MAP)
  .default({})
  .describe(
    "Custom Argo CD roles: role name (without role:) → policy lines <resource>, <action>, <object>, <effect>.",
  );
