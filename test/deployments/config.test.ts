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
    expect(config?.stacks.dev).to.deep.equal({
      stack: "dev",
      deployCommits: true,
      previewPullRequests: true,
      aws: { roleArn: DEV_ROLE, sessionName: "argo-sso-deployments", duration: "1h" },
      extraPaths: [],
      skipIntermediateDeployments: true,
    });
    expect(config?.policyGroups).to.equal(undefined);
  });

  it("lets a stack override the role and run preview-only", () => {
    const prodRole = "arn:aws:iam::222222222222:role/deploy-prod";
    const { config } = loadDeploymentsConfig(
      runtime({
        ...MINIMAL,
        stacks: { dev: {}, prod: { aws: { roleArn: prodRole }, deployCommits: false } },
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
        stacks: { dev: { deployCommit: true }, prod: { deployCommits: false, previewPullRequests: false } },
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
      `${NS}:region: unknown key; known: organization, project, repository, branch, repoDir, aws, preRunCommands, stacks, policyGroups`,
      `${NS}:repoDir: must be a folder relative to the repository root, got "../elsewhere"`,
      `${NS}:repository: must be a GitHub repository "owner/repo", got "argo-sso"`,
      `${NS}:stacks.dev.deployCommit: unknown key; known: deployCommits, previewPullRequests, aws, paths, skipIntermediateDeployments`,
      `${NS}:stacks.prod: deployCommits and previewPullRequests are both false: the settings would never run`,
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
});
