/**
 * Argo CD's RBAC, evaluated the way Argo CD v3.4.4 evaluates it, with its own Casbin model and
 * built-in policy (scripts/data/argo-cd-rbac, copied from argoproj/argo-cd assets/).
 *
 * Upstream behaviour reproduced (argoproj/argo-cd v3.4.4):
 * - util/rbac/rbac.go `enforce`: `policy.default` is tried first, for every request;
 * - server/rbacpolicy/rbacpolicy.go `EnforceClaims`: then the user's own subject (the SAML NameID,
 *   `federated_claims.user_id`), then every value of the claims named in `scopes`, but only the
 *   values that are the first field of some `g` line ("prefilter user groups by groups defined in
 *   the model"): a group named only in `p` lines never matches;
 * - `globOrRegexMatch` is a gobwas/glob match without separators unless `policy.matchMode: regex`.
 * AppProject role policies (project tokens, project-scoped groups) are not part of the generated
 * config and are not evaluated here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from "casbin";

const DATA = path.join(__dirname, "..", "..", "data", "argo-cd-rbac");

/** The RBAC settings of `argocd-rbac-cm` that decide who may do what. */
export interface ArgoCdRbacSettings {
  readonly policyCsv: string;
  /** `policy.default`; "" grants nothing by default. */
  readonly defaultRole: string;
  /** Claim names tried as subjects, from `scopes` (`[groups, email]`). @default ["groups"] */
  readonly scopes?: readonly string[];
  /** @default "glob" */
  readonly matchMode?: "glob" | "regex";
}

/** The claims Dex puts in an Argo CD token after a SAML login. */
export interface ArgoCdClaims {
  /** The user identifier (`federated_claims.user_id`: the SAML NameID). */
  readonly subject?: string;
  readonly groups?: readonly string[];
  readonly email?: string;
}

/** One `p` line that applies to a subject, directly or through the roles it inherits. */
export interface PolicyLine {
  readonly resource: string;
  readonly action: string;
  readonly object: string;
  readonly effect: "allow" | "deny";
  /** The subject of the `p` line (a role, or the subject itself). */
  readonly via: string;
}

/** gobwas/glob without separators: `*` any run, `?` one character, `[...]` a class, `{a,b}` alternatives. */
export function globToRegExp(pattern: string): RegExp {
  let out = "";
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*") out += ".*";
    else if (c === "?") out += ".";
    else if (c === "{") {
      out += "(?:";
      depth++;
    } else if (c === "}" && depth > 0) {
      out += ")";
      depth--;
    } else if (c === "," && depth > 0) out += "|";
    else if (c === "[") {
      const end = pattern.indexOf("]", i + 1);
      if (end < 0) out += "\\[";
      else {
        const body = pattern.slice(i + 1, end).replace(/\\/g, "\\\\");
        out += body.startsWith("!") ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else out += c.replace(/[.+^$(){}|\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`, "s");
}

/** Argo CD's `globOrRegexMatch` for one match mode. */
export function patternMatch(mode: "glob" | "regex", value: string, pattern: string): boolean {
  if (mode === "regex") {
    try {
      return new RegExp(`^(?:${pattern})$`).test(value);
    } catch {
      return false;
    }
  }
  return globToRegExp(pattern).test(value);
}

/** An Argo CD RBAC evaluator for one generated `argocd-rbac-cm`. */
export class ArgoCdRbac {
  private constructor(
    private readonly enforcer: Enforcer,
    readonly settings: Required<ArgoCdRbacSettings>,
    private readonly groupSubjects: ReadonlySet<string>,
  ) {}

  static async load(settings: ArgoCdRbacSettings): Promise<ArgoCdRbac> {
    const model = fs.readFileSync(path.join(DATA, "model.conf"), "utf8");
    const builtin = fs.readFileSync(path.join(DATA, "builtin-policy.csv"), "utf8");
    const full: Required<ArgoCdRbacSettings> = {
      policyCsv: settings.policyCsv,
      defaultRole: settings.defaultRole,
      scopes: settings.scopes ?? ["groups"],
      matchMode: settings.matchMode ?? "glob",
    };
    const enforcer = await newEnforcer(
      newModelFromString(model),
      new StringAdapter(`${builtin}\n${settings.policyCsv}`),
    );
    await enforcer.addFunction("globOrRegexMatch", (value: string, pattern: string) =>
      patternMatch(full.matchMode, value, pattern),
    );
    const grouping = await enforcer.getGroupingPolicy();
    return new ArgoCdRbac(enforcer, full, new Set(grouping.map((line) => line[0])));
  }

  /** The subjects Argo CD tries for these claims, in its order. */
  subjectsFor(claims: ArgoCdClaims): string[] {
    const subjects: string[] = [];
    if (this.settings.defaultRole) subjects.push(this.settings.defaultRole);
    if (claims.subject) subjects.push(claims.subject);
    for (const scope of this.settings.scopes) {
      const values =
        scope === "groups" ? claims.groups : scope === "email" && claims.email ? [claims.email] : [];
      for (const value of values ?? []) if (this.groupSubjects.has(value)) subjects.push(value);
    }
    return subjects;
  }

  /** Whether Argo CD allows `action` on `resource` `object` for a user with these claims. */
  async enforce(claims: ArgoCdClaims, resource: string, action: string, object: string): Promise<boolean> {
    for (const subject of this.subjectsFor(claims)) {
      if (await this.enforcer.enforce(subject, resource, action, object)) return true;
    }
    return false;
  }

  /** Every `p` line that applies to `subject`, through the roles it inherits (Casbin's implicit permissions). */
  async linesFor(subject: string): Promise<PolicyLine[]> {
    const lines = await this.enforcer.getImplicitPermissionsForUser(subject);
    return lines.map(([via, resource, action, object, effect]) => ({
      resource,
      action,
      object,
      effect: effect === "deny" ? "deny" : "allow",
      via,
    }));
  }

  /** Whether `subject` is the first field of a `g` line (only those group values are tried). */
  isBoundGroup(value: string): boolean {
    return this.groupSubjects.has(value);
  }
}
