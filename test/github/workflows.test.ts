import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly if?: string;
  readonly permissions?: unknown;
  readonly strategy?: { matrix?: Record<string, unknown>; "fail-fast"?: boolean };
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function workflow(file: string): Workflow {
  return YAML.parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", file), "utf8"));
}

function allSteps(wf: Workflow): Step[] {
  return Object.values(wf.jobs).flatMap((job) => [...job.steps]);
}

/** `owner/repo@ref` → ref. */
function ref(uses: string): string {
  return uses.slice(uses.indexOf("@") + 1);
}

/** The index of the first step satisfying `match`, failing the test when there is none. */
function indexOf(steps: readonly Step[], what: string, match: (s: Step) => boolean): number {
  const i = steps.findIndex(match);
  expect(i, `no step ${what}`).to.be.greaterThan(-1);
  return i;
}

/**
 * Stacks whose stack file is committed at the repository root. A scratch `Pulumi.<name>.yaml`
 * that is not tracked by git (a newcomer trying a stack) does not count; without git (an
 * unpacked tarball) every stack file does.
 */
function stackNames(): string[] {
  const tracked = spawnSync("git", ["ls-files", "--", "Pulumi.*.yaml"], { cwd: ROOT, encoding: "utf8" });
  const files =
    tracked.status === 0 && tracked.stdout.trim() !== ""
      ? tracked.stdout.trim().split("\n")
      : fs.readdirSync(ROOT);
  return files
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

describe(".github/workflows", () => {
  for (const file of ["ci.yml", "preview.yml"]) {
    it(`${file} pins every action to a major version or a commit SHA`, () => {
      for (const step of allSteps(workflow(file)).filter((s) => s.uses)) {
        expect(ref(step.uses as string), step.uses).to.match(/^(v\d+|[0-9a-f]{40})$/);
      }
    });
  }

  describe("ci.yml", () => {
    const wf = workflow("ci.yml");
    const steps = allSteps(wf);

    it("runs on push and on pull requests", () => {
      expect(wf.on).to.have.keys("push", "pull_request");
    });

    it("only reads the repository", () => {
      expect(wf.permissions).to.deep.equal({ contents: "read" });
    });

    it("checks out, installs from the lock file, then runs .ci/run's commands in the same order", () => {
      const ciRun = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
      const expected = ciRun
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => /^npm /.test(l));
      expect(expected).to.include.members(["npm ci", "npm test"]);
      const checkout = indexOf(
        steps,
        "actions/checkout",
        (s) => s.uses?.startsWith("actions/checkout@") === true,
      );
      const runs = steps.filter((s) => s.run !== undefined).map((s) => (s.run as string).trim());
      expect(runs).to.deep.equal(expected);
      expect(checkout).to.be.lessThan(indexOf(steps, "npm ci", (s) => s.run === "npm ci"));
    });
  });

  describe("preview.yml", () => {
    const wf = workflow("preview.yml");
    const [jobName, job] = Object.entries(wf.jobs)[0];
    const steps = job.steps;

    it("runs on pull requests only", () => {
      expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
    });

    it("has exactly the least permissions: id-token and pull-requests write, contents read", () => {
      expect(wf.permissions).to.deep.equal({
        contents: "read",
        "id-token": "write",
        "pull-requests": "write",
      });
      for (const j of Object.values(wf.jobs))
        expect(j.permissions, "a job widens the permissions").to.equal(undefined);
    });

    it("previews every stack that has a stack file, each in its own matrix job", () => {
      expect(Object.keys(wf.jobs)).to.deep.equal([jobName]);
      expect([...(job.strategy?.matrix?.stack as string[])].sort()).to.deep.equal(stackNames());
      expect(job.strategy?.["fail-fast"]).to.equal(false);
    });

    it("skips pull requests from forks, which get no OIDC token", () => {
      expect(job.if).to.equal("github.event.pull_request.head.repo.full_name == github.repository");
    });

    it("logs in to Pulumi Cloud with pulumi/auth-actions by OIDC before previewing", () => {
      const auth = indexOf(
        steps,
        "pulumi/auth-actions",
        (s) => s.uses?.startsWith("pulumi/auth-actions@") === true,
      );
      expect(steps[auth].with).to.deep.include({
        organization: "${{ vars.PULUMI_ORG }}",
        "requested-token-type": "urn:pulumi:token-type:access_token:organization",
      });
      const preview = indexOf(steps, "pulumi/actions", (s) => s.uses?.startsWith("pulumi/actions@") === true);
      expect(auth).to.be.lessThan(preview);
      expect(indexOf(steps, "npm ci", (s) => s.run === "npm ci")).to.be.lessThan(preview);
    });

    it("runs pulumi preview of the matrix stack, comments on the pull request, with the policy pack and the stack's pack config", () => {
      const step =
        steps[indexOf(steps, "pulumi/actions", (s) => s.uses?.startsWith("pulumi/actions@") === true)];
      expect(step.with).to.deep.include({
        command: "preview",
        "stack-name": "${{ vars.PULUMI_ORG }}/argo-sso/${{ matrix.stack }}",
        "comment-on-pr": true,
        policyPacks: "policy",
        policyPackConfigs: "policy/config.${{ matrix.stack }}.json",
      });
    });

    it("points at a policy pack and a pack config that exist for every matrix stack", () => {
      expect(fs.existsSync(path.join(ROOT, "policy", "PulumiPolicy.yaml"))).to.equal(true);
      for (const stack of job.strategy?.matrix?.stack as string[]) {
        expect(fs.existsSync(path.join(ROOT, "policy", `config.${stack}.json`)), stack).to.equal(true);
      }
    });
  });
});
