/**
 * Argo CD roles in the stack-config schema: `role:admin`, `role:readonly` or a custom
 * `role:<name>` defined under `argo-sso:argocd.roles` as policy lines
 * `<resource>, <action>, <object>, <effect>` (Argo CD 3.x RBAC: docs/operator-manual/rbac.md;
 * built-in roles in assets/builtin-policy.csv). Every field must be one CSV field as Argo CD
 * parses it (components/argocd-policy.ts `csvFieldProblem`).
 */
import { ARGOCD_BUILTIN_ROLES } from "./types";
import { csvFieldProblem } from "../components/argocd-policy";
import { ON_MAP, describe, didYouMean, list, map, nonEmpty, problem, str } from "./schema-kit";

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
const ROLE_NAME = /^[\w.-]{1,64}$/;

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

/**
 * The problem with an Argo CD role reference: `role:admin`, `role:readonly` or `role:<name>`
 * of `argocd.roles`. `customRoles` undefined (roles unreadable): custom names are not checked.
 */
export function argoCdRoleProblem(
  role: string,
  customRoles: readonly string[] | undefined,
): string | undefined {
  if (role === "") return undefined;
  const known = [...ARGOCD_BUILTIN_ROLES, ...(customRoles ?? []).map((r) => `role:${r}`)];
  if (known.includes(role) || (customRoles === undefined && role.startsWith("role:"))) return undefined;
  return `unknown Argo CD role ${JSON.stringify(role)}${didYouMean(role, known)}; known: ${known.join(", ")} (custom roles go under argo-sso:argocd.roles)`;
}

const policyLine = str().superRefine((line, ctx) => {
  const found = policyLineProblem(line);
  if (found !== undefined) problem(ctx, [], found);
});

export const rolesSchema = map(
  "role name (without role:) to policy lines",
  list("policy lines <resource>, <action>, <object>, <effect>", policyLine)
    .check(nonEmpty("must have at least one policy line"))
    .meta({ minItems: 1 }),
)
  .superRefine((roles, ctx) => {
    for (const name of Object.keys(roles)) {
      if (!ROLE_NAME.test(name))
        problem(
          ctx,
          [name],
          `role name must be 1 to 64 letters, digits and _.- without "role:", got ${describe(name)}`,
        );
      else if ((ARGOCD_BUILTIN_ROLES as readonly string[]).includes(`role:${name}`))
        problem(ctx, [name], `role:${name} is built into Argo CD; choose another name`);
    }
  }, ON_MAP)
  .default({})
  .describe(
    "Custom Argo CD roles: role name (without role:) → policy lines <resource>, <action>, <object>, <effect>.",
  );
