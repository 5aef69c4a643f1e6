import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { findCreated, ofType, runProgram, SECRET_PLACEHOLDER } from "../support/capture";
import { readStackFile } from "../../scripts/lib/stack-file";
import { NAMESPACE } from "../../stacks/deployments/config";
import { defaultPaths } from "../../stacks/deployments/settings";

const DIR = path.resolve(__dirname, "..", "..", "stacks", "deployments");
const PROGRAM = path.join(DIR, "index.ts");
const SETTINGS = "pulumiservice:index:DeploymentSettings";
const POLICY_GROUP = "pulumiservice:index:PolicyGroup";

describe("stacks/deployments (the program under mocks)", function () {
  this.timeout(60000);

  const stackFile = readStackFile("settings", DIR);
  const run = () => runProgram({ stack: "settings", config: stackFile.config, program: PROGRAM });

  it("is the project its config namespace names", () => {
    const project = YAML.parse(fs.readFileSync(path.join(DIR, "Pulumi.yaml"), "utf8"));
    expect(project.name).to.equal(NAMESPACE);
    expect(Object.keys(stackFile.config).every((key) => key.startsWith(`${NAMESPACE}:`))).to.equal(true);
  });

  it("declares the Deployments settings of dev and prod from the stack file", async () => {
    const result = await run();
    expect(ofType(result, SETTINGS).map((r) => r.name)).to.deep.equal(["dev-settings", "prod-settings"]);
    const prod = findCreated(result, SETTINGS, "prod-settings").inputs;
    expect(prod).to.deep.include({ organization: "example-org", project: "argo-sso", stack: "prod" });
    expect(prod.vcs).to.deep.include({
      provider: "github",
      repository: "example-org/argo-sso",
      deployCommits: false,
      previewPullRequests: true,
    });
    expect(prod.operationContext).to.deep.include({ preRunCommands: ["npm ci", "npm test"] });
    expect((prod.operationContext as { oidc: unknown }).oidc).to.deep.equal({
      aws: {
        roleARN: "arn:aws:iam::222222222222:role/example-pulumi-deployments-prod",
        sessionName: "argo-sso-deployments",
        duration: "1h",
      },
    });
  });

  it("gives dev the default role and prod its own", async () => {
    const result = await run();
    const role = (name: string) =>
      (findCreated(result, SETTINGS, name).inputs.operationContext as { oidc: { aws: { roleARN: string } } })
        .oidc.aws.roleARN;
    expect(role("dev-settings")).to.equal("arn:aws:iam::111111111111:role/example-pulumi-deployments-dev");
    expect(role("prod-settings")).to.not.equal(role("dev-settings"));
  });

  it("enforces the pack on each stack with that stack's pack config file", async () => {
    const result = await run();
    const prod = findCreated(result, POLICY_GROUP, "prod-policy-group").inputs;
    const dev = findCreated(result, POLICY_GROUP, "dev-policy-group").inputs;
    const packConfig = (group: Record<string, unknown>) =>
      (group.policyPacks as { config: { all: string } }[])[0].config.all;
    expect(packConfig(prod)).to.equal("mandatory");
    expect(packConfig(dev)).to.equal("advisory");
    expect(prod).to.deep.include({
      mode: "preventative",
      stacks: [{ name: "prod", routingProject: "argo-sso" }],
    });
  });

  it("exports, per stack, what runs on a push and on a pull request", async () => {
    const { outputs } = await run();
    expect(outputs.deployments).to.deep.include({
      dev: {
        stack: "example-org/argo-sso/dev",
        upOnPushTo: "main",
        approval: "none",
        previewPullRequests: true,
        previewsBy: "pulumi-deployments",
        driftDetection: { schedule: "0 6 * * *", autoRemediate: false },
        escEnvironment: "argo-sso/dev",
        awsRole: "arn:aws:iam::111111111111:role/example-pulumi-deployments-dev",
        paths: defaultPaths("", "dev"),
        policyGroup: "argo-sso-dev",
      },
    });
  });

  it("fails before declaring anything when the config is invalid, listing every problem", async () => {
    const config = {
      ...stackFile.config,
      [`${NAMESPACE}:repository`]: "argo-sso",
      [`${NAMESPACE}:branch`]: "",
    };
    let error: Error | undefined;
    try {
      await runProgram({ stack: "settings", config, program: PROGRAM });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.match(/2 problem\(s\); nothing was created/);
    expect(error?.message).to.include(
      `${NAMESPACE}:repository: must be a GitHub repository as "owner/repo" (no URL, host or .git), got "argo-sso"`,
    );
    expect(error?.message).to.include(`${NAMESPACE}:branch: must be a branch name`);
  });

  it("fails when a stack has policy groups but no pack config file", async () => {
    const stacks = { dev: {}, staging: {} };
    const config = { ...stackFile.config, [`${NAMESPACE}:stacks`]: JSON.stringify(stacks) };
    await runProgram({ stack: "settings", config, program: PROGRAM }).then(
      () => expect.fail("expected a config error"),
      (err: Error) =>
        expect(err.message).to.include(
          `${NAMESPACE}:stacks.staging: policyGroups needs policy/config.staging.json`,
        ),
    );
  });

  it("schedules drift detection per stack, report-only, after the stack's settings", async () => {
    const result = await run();
    const prod = findCreated(result, "pulumiservice:index:DriftSchedule", "prod-drift");
    expect(prod.inputs).to.deep.equal({
      organization: "example-org",
      project: "argo-sso",
      stack: "prod",
      scheduleCron: "0 */4 * * *",
      autoRemediate: false,
    });
    expect(prod.dependsOn).to.include("pulumiservice:index:DeploymentSettings::prod-settings");
  });

  it("declares one webhook per stack for the notification, its URL a secret", async () => {
    const result = await run();
    const hooks = ofType(result, "pulumiservice:index:Webhook");
    expect(hooks.map((h) => h.name)).to.deep.equal(["dev-platform-webhook", "prod-platform-webhook"]);
    expect(hooks[1].inputs).to.deep.include({
      stackName: "prod",
      format: "raw",
      payloadUrl: SECRET_PLACEHOLDER,
    });
  });

  it("passes the deploy token as a secret environment variable when it is set", async () => {
    const config = { ...stackFile.config, [`${NAMESPACE}:deployToken`]: "pul-abc" };
    const result = await runProgram({
      stack: "settings",
      config,
      secretKeys: [`${NAMESPACE}:deployToken`],
      program: PROGRAM,
    });
    const prod = findCreated(result, SETTINGS, "prod-settings").inputs;
    expect((prod.operationContext as { environmentVariables: unknown }).environmentVariables).to.deep.equal({
      PULUMI_ACCESS_TOKEN: SECRET_PLACEHOLDER,
    });
    expect(JSON.stringify(result)).to.not.include("pul-abc");
  });

  it("refuses both preview paths on before declaring anything, naming the key", async () => {
    const stacks = { dev: { previewPullRequests: true } };
    const config = {
      ...stackFile.config,
      [`${NAMESPACE}:previews`]: "actions",
      [`${NAMESPACE}:stacks`]: JSON.stringify(stacks),
      [`${NAMESPACE}:notifications`]: "{}",
    };
    await runProgram({ stack: "settings", config, program: PROGRAM }).then(
      () => expect.fail("expected a config error"),
      (err: Error) =>
        expect(err.message).to.include(`${NAMESPACE}:stacks.dev.previewPullRequests: must not be true`),
    );
  });
});
