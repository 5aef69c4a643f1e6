/**
 * The access report (`npm run access`): what it says for the example stacks (expected values
 * written out from the stack files), its Argo CD part against an independent Casbin enforcer
 * with Argo CD's model on a generated sample, narrowing, `--diff`, and bad input.
 */
import * as childProcess from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import fc from "fast-check";
import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import { access, main, parseAccessArgs, StackProblems, UsageError } from "../../scripts/access";
import { narrow } from "../../scripts/lib/access/format";
import { patternMatch } from "../../scripts/lib/access/argocd-rbac";
import {
  buildAccessReport,
  type AccessReport,
  type ArgoCdLine,
  type PrincipalAccess,
} from "../../scripts/lib/access/model";
import type { ProgramRun } from "../../scripts/lib/mock-runtime";
import { runStackOnce } from "../support/runs";

const ROOT = path.join(__dirname, "..", "..");
const RBAC_DATA = path.join(ROOT, "scripts", "data", "argo-cd-rbac");
const DEV_ACCOUNTS = {
  management: "999999999999",
  sandbox: "111111111111",
  dev: "222222222222",
  "shared-services": "333333333333",
};

const reports: Record<string, { run: ProgramRun; report: AccessReport }> = {};
async function reportOf(stack: "dev" | "prod"): Promise<{ run: ProgramRun; report: AccessReport }> {
  if (!reports[stack]) {
    const { run, config } = await runStackOnce({ stack });
    reports[stack] = {
      run,
      report: await buildAccessReport(run, JSON.parse(config["argo-sso:accounts"] ?? "{}")),
    };
  }
  return reports[stack];
}
const principal = (report: AccessReport, kind: "group" | "user", key: string): PrincipalAccess => {
  const found = (kind === "group" ? report.groups : report.users).find((p) => p.key === key);
  if (!found) throw new Error(`no ${kind} ${key}`);
  return found;
};

/** gobwas/glob without separators, as Argo CD compiles RBAC patterns (only * and ? occur here). */
function glob(value: string, pattern: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`).test(value);
}

/** Whether the listed lines allow the request: per enforced subject, an allow matches and no deny does. */
function listedAllows(
  lines: readonly ArgoCdLine[],
  resource: string,
  action: string,
  object: string,
): boolean {
  const matches = (l: ArgoCdLine) =>
    glob(resource, l.resource) && glob(action, l.action) && glob(object, l.object);
  const subjects = new Set(lines.map((l) => l.subject));
  return [...subjects].some((s) => {
    const mine = lines.filter((l) => l.subject === s && matches(l));
    return mine.some((l) => l.effect === "allow") && !mine.some((l) => l.effect === "deny");
  });
}

/** Argo CD's decision for a user whose groups claim is `groups` (util/rbac/rbac.go, server/rbacpolicy). */
async function argoCdOracle(run: ProgramRun) {
  const release = run.resources.find(
    (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "argo-cd",
  );
  const rbac = (release?.inputs.values as { configs: { rbac: Record<string, string> } }).configs.rbac;
  const enforcer = await newEnforcer(
    newModelFromString(fs.readFileSync(path.join(RBAC_DATA, "model.conf"), "utf8")),
    new StringAdapter(
      `${fs.readFileSync(path.join(RBAC_DATA, "builtin-policy.csv"), "utf8")}\n${rbac["policy.csv"]}`,
    ),
  );
  await enforcer.addFunction("globOrRegexMatch", (v: string, p: string) => glob(v, p));
  const bound = new Set((await enforcer.getGroupingPolicy()).map((g) => g[0]));
  return async (groups: readonly string[], resource: string, action: string, object: string) => {
    const subjects = [
      ...(rbac["policy.default"] ? [rbac["policy.default"]] : []),
      ...groups.filter((g) => bound.has(g)),
    ];
    for (const s of subjects) if (await enforcer.enforce(s, resource, action, object)) return true;
    return false;
  };
}

describe("access report", function () {
  describe("dev (expected values from Pulumi.dev.yaml)", () => {
    it("lists each group's accounts and permission sets", async () => {
      const { report } = await reportOf("dev");
      expect(principal(report, "group", "developers").aws).to.deep.equal([
        { permissionSet: "Developer", accountId: "111111111111", accountName: "sandbox" },
        { permissionSet: "Developer", accountId: "222222222222", accountName: "dev" },
      ]);
      expect(
        principal(report, "group", "platform-admins").aws.map((g) => `${g.permissionSet}@${g.accountId}`),
      ).to.deep.equal(["Admin@111111111111", "Admin@222222222222", "TerraformState@333333333333"]);
    });

    it("gives a directory user the grants of every group it is a member of", async () => {
      const carol = principal((await reportOf("dev")).report, "user", "carol");
      expect(carol.groups).to.deep.equal(["finance", "reviewers"]);
      expect(carol.aws.map((g) => `${g.permissionSet}@${g.accountName} via ${g.through}`)).to.deep.equal([
        "BillingReadOnlyAccess@management via finance",
        "ReadOnly@sandbox via reviewers",
        "ViewOnlyAccess@dev via reviewers",
      ]);
      // carol's strongest Workflows account is the reviewers' one; finance has none.
      expect(carol.workflows?.serviceAccount).to.equal("sso-reviewers");
    });

    it("summarises what each permission set carries", async () => {
      const developer = (await reportOf("dev")).report.permissionSets.find((s) => s.name === "Developer");
      expect(developer).to.deep.include({
        sessionDuration: "PT8H",
        managedPolicies: ["PowerUserAccess"],
        customerPolicies: ["/argo-sso/developer-extras"],
        boundary: "/argo-sso/developer-boundary",
      });
      expect(developer?.inlineStatements).to.deep.equal([
        { sid: "DenyBilling", effect: "Deny", actions: ["aws-portal:*", "billing:*", "budgets:Modify*"] },
      ]);
    });

    it("shows the custom Argo CD role's lines for the group bound to it", async () => {
      const developers = principal((await reportOf("dev")).report, "group", "developers");
      expect(developers.argocd.roles).to.deep.equal(["role:deployer"]);
      expect(
        developers.argocd.lines.map((l) => `${l.effect} ${l.resource} ${l.action} ${l.object}`),
      ).to.have.members([
        "allow applications get */*",
        "allow applications sync dev/*",
        "allow applications action/apps/Deployment/restart dev/*",
        "allow logs get dev/*",
      ]);
    });

    it("names each group's Workflows ServiceAccount, precedence and ClusterRole", async () => {
      const { report } = await reportOf("dev");
      const summary = (key: string) => {
        const w = principal(report, "group", key).workflows;
        return w && `${w.namespace}/${w.serviceAccount} ${w.precedence} ${w.clusterRole}`;
      };
      expect([
        summary("platform-admins"),
        summary("developers"),
        summary("reviewers"),
        summary("finance"),
      ]).to.deep.equal([
        "argo/sso-platform-admins 30 argo-workflows-sso-admin",
        "argo/sso-developers 20 argo-workflows-sso-edit",
        "argo/sso-reviewers 10 argo-workflows-sso-view",
        null,
      ]);
      // Pulumi.dev.yaml names one artifact repository Secret: readable by name only.
      expect(principal(report, "group", "reviewers").workflows?.rules).to.deep.include({
        apiGroups: [""],
        resources: ["secrets"],
        verbs: ["get"],
        resourceNames: ["minio-artifacts"],
      });
    });
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`agrees with Argo CD's Casbin model for every ${stack} group on a generated sample`, async () => {
      const { run, report } = await reportOf(stack);
      const oracle = await argoCdOracle(run);
      const requests = fc.tuple(
        fc.constantFrom(
          "applications",
          "applicationsets",
          "logs",
          "exec",
          "clusters",
          "projects",
          "repositories",
          "accounts",
          "certificates",
          "gpgkeys",
        ),
        fc.constantFrom(
          "get",
          "create",
          "update",
          "delete",
          "sync",
          "override",
          "action/apps/Deployment/restart",
          "update/apps/Deployment/ns/x",
          "delete/v1/Pod/ns/p",
        ),
        fc.constantFrom(
          "dev/api",
          "prod/api",
          "staging/web",
          "default/guestbook",
          "in-cluster",
          "https://kubernetes.default.svc",
          "*",
        ),
      );
      const sample = fc.sample(requests, { numRuns: 150, seed: 20261129 });
      for (const group of report.groups) {
        for (const [resource, action, object] of sample) {
          expect(
            listedAllows(group.argocd.lines, resource, action, object),
            `${stack} ${group.key}: ${action} ${resource} ${object}`,
          ).to.equal(await oracle([group.id], resource, action, object));
        }
      }
    });
  }

  describe("narrowing and errors", () => {
    it("--group keeps one group and the permission sets it uses", async () => {
      const report = narrow((await reportOf("dev")).report, { group: "finance" });
      expect(report.groups.map((g) => g.key)).to.deep.equal(["finance"]);
      expect(report.users).to.deep.equal([]);
      expect(report.permissionSets.map((s) => s.name)).to.deep.equal(["BillingReadOnlyAccess"]);
    });

    it("--user keeps one user", async () => {
      const report = narrow((await reportOf("dev")).report, { user: "bob@example.com" });
      expect([report.groups.length, report.users.map((u) => u.key)]).to.deep.equal([0, ["bob@example.com"]]);
      expect(report.permissionSets.map((s) => s.name)).to.deep.equal(["ReadOnly", "ViewOnlyAccess"]);
    });

    it("refuses an unknown group or user with exit 2, naming the known ones, nothing on stdout", async () => {
      for (const [flag, value, message] of [
        [
          "--group",
          "admins",
          /unknown group "admins" in the dev stack; known: developers, finance, platform-admins, reviewers/,
        ],
        [
          "--user",
          "mallory",
          /unknown user "mallory" in the dev stack; known: alice@example.com, bob@example.com, carol/,
        ],
      ] as const) {
        const out: string[] = [];
        const err: string[] = [];
        const code = await main(
          ["--stack", "dev", flag, value],
          { write: (t: string) => out.push(t) },
          { write: (t: string) => err.push(t) },
          runStackOnce,
        );
        expect([code, out.join("")]).to.deep.equal([2, ""]);
        expect(err.join("")).to.match(message);
      }
    });

    it("refuses bad usage", () => {
      expect(() => parseAccessArgs(["--stack", "dev", "--stack", "prod"])).to.throw(
        UsageError,
        /--stack is given twice/,
      );
      expect(() => parseAccessArgs(["--stack", "dev", "--group", "a", "--user", "b"])).to.throw(
        UsageError,
        /not both/,
      );
      expect(() => parseAccessArgs(["--stack", "dev", "--format", "html"])).to.throw(
        UsageError,
        /--format must be one of text, markdown, json/,
      );
      expect(() => parseAccessArgs(["--stack", "dev", "--diff", "dev.yaml"])).to.throw(
        UsageError,
        /--diff must name a Pulumi.<stack>.yaml file/,
      );
      expect(() => parseAccessArgs([])).to.throw(UsageError, /--stack or --stack-file is required/);
    });
  });

  describe("--diff", () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-access-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** The dev stack file with one edit, as a baseline next to the repository's. */
    function baseline(name: string, edit: (text: string) => string): string {
      const text = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
      const edited = edit(text);
      expect(edited).to.not.equal(text);
      const file = path.join(dir, name, "Pulumi.dev.yaml");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, edited);
      return file;
    }

    it("shows what the stack grants and removes compared with a baseline", async () => {
      // In the baseline, reviewers also had ReadOnly in dev and developers were Argo CD admins.
      const file = baseline("before", (t) =>
        t
          .replace(
            "{ permissionSet: ReadOnly, accounts: [sandbox] }",
            "{ permissionSet: ReadOnly, accounts: [sandbox, dev] }",
          )
          .replace("argocd: role:deployer", "argocd: role:admin"),
      );
      const diff = JSON.parse(
        await access(parseAccessArgs(["--stack", "dev", "--diff", file, "--format", "json"]), runStackOnce),
      ) as {
        granted: string[];
        removed: string[];
      };
      expect(diff.granted).to.deep.equal([
        "group developers: Argo CD allow applications on dev/*: action/apps/Deployment/restart, sync",
        "group developers: Argo CD allow logs on dev/*: get",
      ]);
      expect(diff.removed).to.include.members([
        "group reviewers: AWS ReadOnly in dev (222222222222)",
        "user carol: AWS ReadOnly in dev (222222222222) through reviewers",
        "group developers: Argo CD allow clusters on *: create, delete, get, update",
        "group developers: Argo CD allow applications on */*: action/*, create, delete, delete/*, override, rollback, sync, update, update/*",
      ]);
    });

    it("says so when nothing changes", async () => {
      const file = baseline("same", (t) => t.replace("# no access unless a group grants it", "# unchanged"));
      expect(await access(parseAccessArgs(["--stack", "dev", "--diff", file]), runStackOnce)).to.match(
        /no access is granted or removed/,
      );
    });

    it("refuses a baseline whose config does not validate, with its problems", async () => {
      const file = baseline("bad", (t) =>
        t.replace(
          "{ permissionSet: Developer, accounts: [sandbox, dev] }",
          "{ permissionSet: Dev, accounts: [sandbox, dev] }",
        ),
      );
      const error = await expectError(
        access(parseAccessArgs(["--stack", "dev", "--diff", file]), runStackOnce),
        StackProblems,
        /--diff stack file/,
      );
      expect((error as StackProblems).problems.join("\n")).to.match(
        /argo-sso:groups\.developers\.aws\[0\]\.permissionSet: unknown permission set "Dev"/,
      );
    });
  });

  it("runs as a command: markdown for one user on stdout, exit 0", function () {
    this.timeout(120_000); // a child process that compiles and runs the whole program
    const run = childProcess.spawnSync(
      process.execPath,
      [
        "--require",
        "./scripts/lib/ts-register.js",
        "scripts/access.ts",
        "--stack",
        "dev",
        "--format",
        "markdown",
        "--user",
        "alice@example.com",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^## argo-sso \/ dev: who can do what/);
    expect(run.stdout).to.include("### user alice@example.com  member of platform-admins");
    expect(run.stdout).to.include(
      "- `Admin (through platform-admins): sandbox (111111111111), dev (222222222222)`",
    );
  });

  it("uses friendly account names from argo-sso:accounts", async () => {
    const { report } = await reportOf("dev");
    expect(Object.values(DEV_ACCOUNTS)).to.include.members(
      report.groups.flatMap((g) => g.aws.map((a) => a.accountId)),
    );
    expect(principal(report, "group", "finance").aws).to.deep.equal([
      { permissionSet: "BillingReadOnlyAccess", accountId: "999999999999", accountName: "management" },
    ]);
  });
});

async function expectError(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  message: RegExp,
): Promise<unknown> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error).to.be.instanceOf(type);
  expect((error as Error).message).to.match(message);
  return error;
}

describe("access report: Argo CD pattern matching", () => {
  it("matches globs as gobwas/glob does without separators", () => {
    // gobwas/glob README: `*` any sequence, `?` one character, `[!a-c]`, `{a,b}` alternatives.
    const cases: [string, string, boolean][] = [
      ["dev/api", "dev/*", true],
      ["dev/team/api", "dev/*", true],
      ["prod/api", "dev/*", false],
      ["dev/a", "dev/?", true],
      ["dev/ab", "dev/?", false],
      ["prod/api", "{dev,prod}/*", true],
      ["staging/api", "{dev,prod}/*", false],
      ["dev-b/x", "dev-[!a]/*", true],
      ["dev-a/x", "dev-[!a]/*", false],
      ["a.b", "a.b", true],
      ["axb", "a.b", false],
    ];
    expect(cases.map(([value, pattern]) => patternMatch("glob", value, pattern))).to.deep.equal(
      cases.map((c) => c[2]),
    );
  });

  it("matches whole values in regex mode", () => {
    expect([
      patternMatch("regex", "dev/api", "dev/.*"),
      patternMatch("regex", "xdev/api", "dev/.*"),
      patternMatch("regex", "a", "("),
    ]).to.deep.equal([true, false, false]);
  });
});
