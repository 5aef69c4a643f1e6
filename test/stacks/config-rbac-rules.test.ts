/**
 * The Argo CD RBAC rules of the stack config (stacks/schema-argocd-rbac.ts), through
 * `loadStackConfig`: custom-role policy lines, role names and role references (a group's
 * `argocd`, `argocd.defaultRole`). Resources and actions are those of Argo CD v3.4.4
 * docs/operator-manual/rbac.md (the resource/action table; `update/*`, `delete/*` sub-resource
 * actions; `action/<group>/<kind>/<name>` with `action//Pod/...` for core kinds). Every expected
 * problem is written out.
 */
import { expect } from "chai";
import { devRuntimeConfig, load, problemsOf, withPath } from "../support/configs";

const CD = "argo-sso:argocd";
const G = "argo-sso:groups";
const withRole = (lines: unknown) => withPath(devRuntimeConfig(), CD, ["roles", "deployer"], lines);
const roleProblems = (lines: unknown) => problemsOf(withRole(lines));

/** The resources of Argo CD v3.4.4 rbac.md's table, and `*`. */
const RESOURCES = [
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
const KNOWN_RESOURCES =
  "known: applications, applicationsets, clusters, projects, repositories, accounts, certificates, gpgkeys, logs, exec, extensions, *";
const KNOWN_ACTIONS =
  "known: get, create, update, update/*, delete, delete/*, sync, override, invoke, action/..., *";

describe("Argo CD RBAC rules in the stack config", () => {
  describe("custom-role policy lines", () => {
    it("accepts every resource of Argo CD's RBAC table and keeps the lines as written", () => {
      const lines = RESOURCES.map((r) => `${r}, get, */*, allow`);
      const result = load(withRole(lines));
      expect(result.problems).to.deep.equal([]);
      expect(result.config!.argocd.roles.deployer).to.deep.equal([
        "applications, get, */*, allow",
        "applicationsets, get, */*, allow",
        "clusters, get, */*, allow",
        "projects, get, */*, allow",
        "repositories, get, */*, allow",
        "accounts, get, */*, allow",
        "certificates, get, */*, allow",
        "gpgkeys, get, */*, allow",
        "logs, get, */*, allow",
        "exec, get, */*, allow",
        "extensions, get, */*, allow",
        "*, get, */*, allow",
      ]);
    });

    it("refuses a resource Argo CD does not know, listing the known ones", () => {
      expect(roleProblems(["application, get, */*, allow", "Projects, get, */*, allow"])).to.deep.equal([
        `argo-sso:argocd.roles.deployer[0]: unknown resource "application" (did you mean "applications"?); ${KNOWN_RESOURCES}`,
        `argo-sso:argocd.roles.deployer[1]: unknown resource "Projects" (did you mean "projects"?); ${KNOWN_RESOURCES}`,
      ]);
    });

    it("accepts every action form of the RBAC docs, including sub-resource and resource actions", () => {
      const actions = [
        "get",
        "create",
        "update",
        "update/*",
        "update/*/Pod/*/*",
        "delete",
        "delete/*/Pod/*/*",
        "sync",
        "override",
        "invoke",
        "action/*",
        "action//Pod/maintenance-off",
        "action/extensions/DaemonSet/restart",
        "*",
      ];
      expect(roleProblems(actions.map((a) => `applications, ${a}, default/*, allow`))).to.deep.equal([]);
    });

    it("refuses actions that only resemble a known one", () => {
      const bad = [
        "read",
        "getx",
        "xget",
        "Get",
        "update/",
        "delete/",
        "update/a b",
        "action",
        "action/",
        "**",
      ];
      expect(roleProblems(bad.map((a) => `applications, ${a}, */*, allow`))).to.deep.equal([
        `argo-sso:argocd.roles.deployer[0]: unknown action "read"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[1]: unknown action "getx"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[2]: unknown action "xget"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[3]: unknown action "Get"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[4]: unknown action "update/"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[5]: unknown action "delete/"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[6]: unknown action "update/a b"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[7]: unknown action "action"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[8]: unknown action "action/"; ${KNOWN_ACTIONS}`,
        `argo-sso:argocd.roles.deployer[9]: unknown action "**"; ${KNOWN_ACTIONS}`,
      ]);
    });

    it("accepts allow and deny only, case-sensitive", () => {
      expect(
        roleProblems(["logs, get, */*, deny", "logs, get, */*, Allow", "logs, get, */*, permit"]),
      ).to.deep.equal([
        'argo-sso:argocd.roles.deployer[1]: effect must be allow or deny, got "Allow"',
        'argo-sso:argocd.roles.deployer[2]: effect must be allow or deny, got "permit"',
      ]);
    });

    it("refuses lines written with the p or g prefix argo-sso adds itself", () => {
      expect(roleProblems(["p, role:x, applications, get, */*, allow", "g, x, y, z"])).to.deep.equal([
        'argo-sso:argocd.roles.deployer[0]: write only <resource>, <action>, <object>, <effect>: argo-sso adds "p, role:<name>," itself, got "p, role:x, applications, get, */*, allow"',
        'argo-sso:argocd.roles.deployer[1]: write only <resource>, <action>, <object>, <effect>: argo-sso adds "p, role:<name>," itself, got "g, x, y, z"',
      ]);
    });

    it("requires exactly four non-empty fields", () => {
      expect(
        roleProblems([
          "applications, get, */*",
          "applications, get, */*, allow, x",
          "applications, get, , allow",
        ]),
      ).to.deep.equal([
        'argo-sso:argocd.roles.deployer[0]: must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got "applications, get, */*"',
        'argo-sso:argocd.roles.deployer[1]: must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got "applications, get, */*, allow, x"',
        'argo-sso:argocd.roles.deployer[2]: must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got "applications, get, , allow"',
      ]);
    });

    it("names the field that policy.csv would misread", () => {
      expect(
        roleProblems([
          'applications, get, "x", allow',
          'app"s, get, */*, allow',
          'applications, g"et, */*, allow',
          'applications, get, */*, "allow"',
        ]),
      ).to.deep.equal([
        'argo-sso:argocd.roles.deployer[0]: the object field must not contain a double quote (policy.csv would read a quoted field), got "\\"x\\""',
        'argo-sso:argocd.roles.deployer[1]: the resource field must not contain a double quote (policy.csv would read a quoted field), got "app\\"s"',
        'argo-sso:argocd.roles.deployer[2]: the action field must not contain a double quote (policy.csv would read a quoted field), got "g\\"et"',
        'argo-sso:argocd.roles.deployer[3]: the effect field must not contain a double quote (policy.csv would read a quoted field), got "\\"allow\\""',
      ]);
    });
    it("refuses a role given as one line instead of a list", () => {
      expect(roleProblems("applications, get, */*, allow")).to.deep.equal([
        'argo-sso:argocd.roles.deployer: must be a list of policy lines <resource>, <action>, <object>, <effect>, got "applications, get, */*, allow"',
      ]);
    });
  });

  describe("custom-role names", () => {
    it("accepts 1 to 64 letters, digits and _.-", () => {
      const config = withPath(devRuntimeConfig(), CD, ["roles", "a".repeat(64)], ["logs, get, */*, allow"]);
      const result = load(withPath(config, CD, ["roles", "a.b_c-1"], ["logs, get, */*, allow"]));
      expect(result.problems).to.deep.equal([]);
      expect(Object.keys(result.config!.argocd.roles)).to.deep.equal(["deployer", "a".repeat(64), "a.b_c-1"]);
    });

    it("refuses longer names, spaces, slashes and the role: prefix", () => {
      let config = devRuntimeConfig();
      for (const name of ["a".repeat(65), "dev team", "x/y", "role:x"])
        config = withPath(config, CD, ["roles", name], ["logs, get, */*, allow"]);
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:argocd.roles.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa: role name must be 1 to 64 letters, digits and _.- without "role:", got "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."',
        'argo-sso:argocd.roles["dev\\u0020team"]: role name must be 1 to 64 letters, digits and _.- without "role:", got "dev team"',
        'argo-sso:argocd.roles["role\\u003ax"]: role name must be 1 to 64 letters, digits and _.- without "role:", got "role:x"',
        'argo-sso:argocd.roles["x/y"]: role name must be 1 to 64 letters, digits and _.- without "role:", got "x/y"',
      ]);
    });

    it("refuses both built-in names (role:admin, role:readonly in Argo CD's builtin-policy.csv)", () => {
      let config = withPath(devRuntimeConfig(), CD, ["roles", "readonly"], ["logs, get, */*, allow"]);
      config = withPath(config, CD, ["roles", "admin"], ["logs, get, */*, allow"]);
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:argocd.roles.admin: role:admin is built into Argo CD; choose another name",
        "argo-sso:argocd.roles.readonly: role:readonly is built into Argo CD; choose another name",
      ]);
    });
  });

  describe("role references", () => {
    it("passes the default role through: empty (no access), built-in or custom", () => {
      const roleOf = (role: string) => load(withPath(devRuntimeConfig(), CD, ["defaultRole"], role));
      expect(
        ["", "role:readonly", "role:admin", "role:deployer"].map((r) => roleOf(r).config!.argocd.defaultRole),
      ).to.deep.equal(["", "role:readonly", "role:admin", "role:deployer"]);
    });

    it("refuses an unknown default role, one without role:, and one in the wrong case", () => {
      const known =
        "known: role:admin, role:readonly, role:deployer (custom roles go under argo-sso:argocd.roles)";
      expect(
        ["role:nope", "admin", "role:Readonly"].map((r) =>
          problemsOf(withPath(devRuntimeConfig(), CD, ["defaultRole"], r)),
        ),
      ).to.deep.equal([
        [`argo-sso:argocd.defaultRole: unknown Argo CD role "role:nope"; ${known}`],
        [`argo-sso:argocd.defaultRole: unknown Argo CD role "admin"; ${known}`],
        [
          `argo-sso:argocd.defaultRole: unknown Argo CD role "role:Readonly" (did you mean "role:readonly"?); ${known}`,
        ],
      ]);
    });

    it("when argocd.roles is unreadable, does not judge custom names but still refuses a name without role:", () => {
      let config = withPath(devRuntimeConfig(), CD, ["roles"], "x");
      config = withPath(config, G, ["developers", "argocd"], "role:whatever");
      expect(problemsOf(withPath(config, CD, ["defaultRole"], "role:anything"))).to.deep.equal([
        'argo-sso:argocd.roles: must be a map of role name (without role:) to policy lines, got "x"',
      ]);
      expect(problemsOf(withPath(config, CD, ["defaultRole"], "anything"))).to.deep.equal([
        'argo-sso:argocd.defaultRole: unknown Argo CD role "anything"; known: role:admin, role:readonly (custom roles go under argo-sso:argocd.roles)',
        'argo-sso:argocd.roles: must be a map of role name (without role:) to policy lines, got "x"',
      ]);
    });

    it("checks a group's role against the roles even when argocd itself is unreadable", () => {
      let config = withPath(devRuntimeConfig(), CD, [], "oops");
      config = withPath(config, G, ["developers", "argocd"], "admin");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:argocd: must be a map of Argo CD settings, got text "oops"',
        'argo-sso:groups.developers.argocd: unknown Argo CD role "admin"; known: role:admin, role:readonly (custom roles go under argo-sso:argocd.roles)',
      ]);
    });

    it("refuses a group role without role: and one in the wrong case", () => {
      const known =
        "known: role:admin, role:readonly, role:deployer (custom roles go under argo-sso:argocd.roles)";
      expect(
        ["deployer", "role:Deployer"].map((r) =>
          problemsOf(withPath(devRuntimeConfig(), G, ["developers", "argocd"], r)),
        ),
      ).to.deep.equal([
        [`argo-sso:groups.developers.argocd: unknown Argo CD role "deployer"; ${known}`],
        [
          `argo-sso:groups.developers.argocd: unknown Argo CD role "role:Deployer" (did you mean "role:deployer"?); ${known}`,
        ],
      ]);
    });
  });
});
