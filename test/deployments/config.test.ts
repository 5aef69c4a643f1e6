import { expect } from "chai";
import { loadDeploymentsConfig } from "../../stacks/deployments/config";

const NS = "argo-sso-deployments";
const DEV_ROLE = "arn:aws:iam::111111111111:role/deploy-dev";

/** Runtime config as the CLI passes it: objects and lists as JSON text. */
function runtime(values: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    out[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

const MINIMAL = {
  organization: "example-org",
  repository: "example-org/argo-sso",
  aws: { roleArn: DEV_ROLE },
  stacks: { dev: {} },
};

describe("stacks/deployments/config", () => {
  it("defaults the project, branch, repoDir, pre-run commands, session and triggers", () => {
    const { config, problems } = loadDeploymentsConfig(runtime(MINIMAL));
    expect(problems).to.deep.equal([]);
    expect(config).to.deep.include({
      project: "argo-sso",
      branch: "main",
      repoDir: "",
      preRunCommands: ["npm ci", "npm test"],
    });
    expect(config).to.deep.include({ previews: "deployments", deployToken: false, notifications: [] });
    expect(config?.stacks.dev).to.deep.equal({
      stack: "dev",
      deployCommits: true,
      previewPullRequests: true,
      approval: "none",
      aws: { roleArn: DEV_ROLE, sessionName: "argo-sso-deployments", duration: "1h" },
      extraPaths: [],
      skipIntermediateDeployments: true,
    });
    expect(config?.policyGroups).to.equal(undefined);
  });

  it("lets a stack override the role and wait for a manual deployment", () => {
    const prodRole = "arn:aws:iam::222222222222:role/deploy-prod";
    const { config } = loadDeploymentsConfig(
      runtime({
        ...MINIMAL,
        stacks: { dev: {}, prod: { aws: { roleArn: prodRole }, approval: "manual" } },
      }),
    );
    expect(config?.stacks.prod.aws).to.deep.equal({
      roleArn: prodRole,
      sessionName: "argo-sso-deployments",
      duration: "1h",
    });
    expect(config?.stacks.prod.deployCommits).to.equal(false);
    expect(config?.stacks.dev.aws.roleArn).to.equal(DEV_ROLE);
  });

  it("normalises refs/heads/main, ./app/ and reads the policy groups", () => {
    const { config } = loadDeploymentsConfig(
      runtime({
        ...MINIMAL,
        branch: "refs/heads/main",
        repoDir: "./infra/argo-sso/",
        policyGroups: { versionTag: "0.1.0" },
      }),
    );
    expect(config?.branch).to.equal("main");
    expect(config?.repoDir).to.equal("infra/argo-sso");
    expect(config?.policyGroups).to.deep.equal({ pack: "argo-sso-guardrails", versionTag: "0.1.0" });
  });

  it("ignores the keys of other namespaces", () => {
    const { problems } = loadDeploymentsConfig({ ...runtime(MINIMAL), "pulumiservice:accessToken": "x" });
    expect(problems).to.deep.equal([]);
  });

  it("reports every problem with its full key, sorted, and returns no config", () => {
    const { config, problems } = loadDeploymentsConfig(
      runtime({
        organization: "",
        repository: "argo-sso",
        branch: "refs/tags/v1",
        repoDir: "../elsewhere",
        aws: { roleArn: "arn:aws:iam::1234:user/me", duration: "13h" },
        preRunCommands: ["npm ci", ""],
        stacks: { dev: { deployCommit: true }, prod: { deployCommits: false } },
        policyGroups: { versionTag: "latest" },
        region: "eu-west-1",
      }),
    );
    expect(config).to.equal(undefined);
    expect(problems).to.deep.equal([
      `${NS}:aws.duration: must be between 15m and 12h like "1h" or "1h30m", got "13h"`,
      `${NS}:aws.roleArn: must be an IAM role ARN like arn:aws:iam::123456789012:role/name, got "arn:aws:iam::1234:user/me"`,
      `${NS}:branch: must be a branch name like "main", got "refs/tags/v1"`,
      `${NS}:organization: must be a Pulumi organization name, got ""`,
      `${NS}:policyGroups.versionTag: must be a published version like "0.1.0", got "latest"`,
      `${NS}:preRunCommands: must be a list of non-empty strings, got ["npm ci",""]`,
      `${NS}:region: unknown key; known: organization, project, repository, branch, repoDir, aws, preRunCommands, stacks, policyGroups, previews, deployToken, notifications`,
      `${NS}:repoDir: must be a folder relative to the repository root, got "../elsewhere"`,
      `${NS}:repository: must be a GitHub repository as "owner/repo" (no URL, host or .git), got "argo-sso"`,
      `${NS}:stacks.dev.deployCommit: unknown key; known: deployCommits, previewPullRequests, approval, driftDetection, aws, paths, skipIntermediateDeployments`,
      `${NS}:stacks.prod: deployCommits is false and approval is "none": nothing would ever deploy this stack`,
    ]);
  });

  it("requires a role for every stack and at least one stack", () => {
    expect(loadDeploymentsConfig(runtime({ ...MINIMAL, aws: undefined })).problems).to.deep.equal([
      `${NS}:stacks.dev.aws.roleArn: is required (here or in ${NS}:aws.roleArn)`,
    ]);
    expect(loadDeploymentsConfig(runtime({ ...MINIMAL, stacks: {} })).problems).to.deep.equal([
      `${NS}:stacks: must map at least one stack name (dev, prod) to its settings`,
    ]);
  });

  it("reports non-boolean triggers and a stack that is not a map", () => {
    const { problems } = loadDeploymentsConfig(
      runtime({ ...MINIMAL, stacks: { dev: { deployCommits: "yes" }, prod: "all" } }),
    );
    expect(problems).to.deep.equal([
      `${NS}:stacks.dev.deployCommits: must be true or false, got "yes"`,
      `${NS}:stacks.prod: must be a map of settings ({} for the defaults)`,
    ]);
  });

  describe("delivery options", () => {
    const load = (extra: Record<string, unknown>) => loadDeploymentsConfig(runtime({ ...MINIMAL, ...extra }));

    it("refuses both preview paths on, naming the stack's key", () => {
      expect(
        load({ previews: "actions", stacks: { dev: { previewPullRequests: true } } }).problems,
      ).to.deep.equal([
        `${NS}:stacks.dev.previewPullRequests: must not be true while ${NS}:previews is "actions": both preview paths would comment on every pull request`,
      ]);
    });

    it("turns Deployments' pull-request previews off by default on the Actions path", () => {
      const { config } = load({ previews: "actions" });
      expect(config?.previews).to.equal("actions");
      expect(config?.stacks.dev.previewPullRequests).to.equal(false);
    });

    it("refuses an unknown preview path and approval", () => {
      expect(load({ previews: "both", stacks: { dev: { approval: "slack" } } }).problems).to.deep.equal([
        `${NS}:previews: must be one of deployments, actions, got "both"`,
        `${NS}:stacks.dev.approval: must be one of none, manual, github-environment, got "slack"`,
      ]);
    });

    it("holds a stack with an approval gate from deploying on push, and refuses deployCommits with it", () => {
      const { config } = load({ stacks: { prod: { approval: "manual" } } });
      expect(config?.stacks.prod).to.deep.include({ approval: "manual", deployCommits: false });
      expect(
        load({ stacks: { prod: { approval: "github-environment", deployCommits: true } } }).problems,
      ).to.deep.equal([
        `${NS}:stacks.prod.deployCommits: must not be true with approval "github-environment": the push would deploy before anyone approves`,
      ]);
    });

    it("names the owner/repo form for a URL or an SSH address", () => {
      expect(load({ repository: "https://github.com/example-org/argo-sso.git" }).problems).to.deep.equal([
        `${NS}:repository: must be a GitHub repository as "owner/repo" (no URL, host or .git), got "https://github.com/example-org/argo-sso.git"; write "example-org/argo-sso"`,
      ]);
      expect(load({ repository: "git@github.com:example-org/argo-sso.git" }).problems[0]).to.match(
        /; write "example-org\/argo-sso"$/,
      );
      expect(load({ repository: "example-org/argo-sso.git" }).problems).to.have.length(1);
    });

    it("reads a drift schedule, report-only by default, and refuses bad cron with the key", () => {
      const { config } = load({ stacks: { dev: { driftDetection: { schedule: "0 */4 * * *" } } } });
      expect(config?.stacks.dev.driftDetection).to.deep.equal({
        schedule: "0 */4 * * *",
        autoRemediate: false,
      });
      expect(
        load({ stacks: { dev: { driftDetection: { schedule: "0 6 * *", autoRemediate: "yes" } } } }).problems,
      ).to.deep.equal([
        `${NS}:stacks.dev.driftDetection.autoRemediate: must be true or false, got "yes"`,
        `${NS}:stacks.dev.driftDetection.schedule: must have 5 fields (minute hour day-of-month month day-of-week, UTC), got 4: "0 6 * *"`,
      ]);
      expect(
        load({ stacks: { dev: { driftDetection: { schedule: "61 6 * * *" } } } }).problems,
      ).to.deep.equal([`${NS}:stacks.dev.driftDetection.schedule: minute 61 is outside 0-59`]);
    });

    it("reads notifications with their defaults and refuses bad ones with the key", () => {
      const { config } = load({
        notifications: { ops: { url: "https://hooks.slack.com/services/T/B/x", format: "slack" } },
      });
      expect(config?.notifications).to.deep.equal([
        {
          name: "ops",
          url: "https://hooks.slack.com/services/T/B/x",
          format: "slack",
          events: ["deployment_succeeded", "deployment_failed", "drift_detected", "drift_detection_failed"],
          stacks: ["dev"],
        },
      ]);
      expect(
        load({
          notifications: {
            ops: { url: "http://x", format: "teams", events: ["deploy_failed"], stacks: ["qa"] },
          },
        }).problems,
      ).to.deep.equal([
        `${NS}:notifications.ops.events[0]: must be one of stack_created, stack_deleted, update_succeeded, update_failed, preview_succeeded, preview_failed, destroy_succeeded, destroy_failed, refresh_succeeded, refresh_failed, deployment_queued, deployment_started, deployment_succeeded, deployment_failed, drift_detected, drift_detection_succeeded, drift_detection_failed, drift_remediation_succeeded, drift_remediation_failed, got "deploy_failed"`,
        `${NS}:notifications.ops.format: must be one of raw, slack, ms_teams, got "teams"`,
        `${NS}:notifications.ops.stacks[0]: is not a stack in ${NS}:stacks, got "qa"`,
        `${NS}:notifications.ops.url: must be an https:// URL (set it with \`pulumi config set --secret --path\`)`,
      ]);
    });

    it("notes a deploy token without holding it, and refuses an empty one", () => {
      expect(load({ deployToken: "pul-0123" }).config?.deployToken).to.equal(true);
      expect(JSON.stringify(load({ deployToken: "pul-0123" }).config)).to.not.include("pul-0123");
      expect(load({ deployToken: " " }).problems).to.deep.equal([
        `${NS}:deployToken: must be a Pulumi access token, set with \`pulumi config set --secret\``,
      ]);
    });
  });
});
