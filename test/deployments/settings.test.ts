import { expect } from "chai";
import { DeploymentsConfig, StackDeploymentSpec } from "../../stacks/deployments/config";
import {
  defaultPaths,
  deploymentSettingsArgs,
  driftScheduleArgs,
  webhookArgs,
  globToRegExp,
  pathTriggers,
  policyGroupArgs,
  qualifiedStack,
} from "../../stacks/deployments/settings";

function spec(stack: string, overrides: Partial<StackDeploymentSpec> = {}): StackDeploymentSpec {
  return {
    stack,
    deployCommits: true,
    previewPullRequests: true,
    approval: "none",
    aws: {
      roleArn: `arn:aws:iam::111111111111:role/deploy-${stack}`,
      sessionName: "argo-sso-deployments",
      duration: "1h",
    },
    extraPaths: [],
    skipIntermediateDeployments: true,
    ...overrides,
  };
}

function config(overrides: Partial<DeploymentsConfig> = {}): DeploymentsConfig {
  return {
    organization: "example-org",
    previews: "deployments",
    deployToken: false,
    notifications: [],
    project: "argo-sso",
    repository: "example-org/argo-sso",
    branch: "main",
    repoDir: "",
    preRunCommands: ["npm ci", "npm test"],
    stacks: { dev: spec("dev"), prod: spec("prod") },
    ...overrides,
  };
}

describe("stacks/deployments/settings", () => {
  describe("deploymentSettingsArgs", () => {
    it("deploys main on push, previews pull requests, assumes the role by OIDC and runs npm ci and npm test first", () => {
      expect(deploymentSettingsArgs(config(), spec("dev"))).to.deep.equal({
        organization: "example-org",
        project: "argo-sso",
        stack: "dev",
        sourceContext: { git: { branch: "refs/heads/main" } },
        vcs: {
          provider: "github",
          repository: "example-org/argo-sso",
          deployCommits: true,
          previewPullRequests: true,
          pullRequestTemplate: false,
          paths: defaultPaths("", "dev"),
        },
        operationContext: {
          oidc: {
            aws: {
              roleARN: "arn:aws:iam::111111111111:role/deploy-dev",
              sessionName: "argo-sso-deployments",
              duration: "1h",
            },
          },
          preRunCommands: ["npm ci", "npm test"],
          options: { skipInstallDependencies: true, skipIntermediateDeployments: true },
        },
        cacheOptions: { enable: true },
      });
    });

    it("sets repoDir and prefixes the path filters when the program is not at the repository root", () => {
      const args = deploymentSettingsArgs(config({ repoDir: "infra/argo-sso" }), spec("prod"));
      expect(args.sourceContext).to.deep.equal({
        git: { branch: "refs/heads/main", repoDir: "infra/argo-sso" },
      });
      expect((args.vcs as { paths: string[] }).paths).to.include("infra/argo-sso/Pulumi.prod.yaml");
    });

    it("keeps Deployments' own dependency install when the pre-run commands do not install", () => {
      const args = deploymentSettingsArgs(config({ preRunCommands: ["npm test"] }), spec("dev"));
      expect((args.operationContext as { options: object }).options).to.deep.equal({
        skipInstallDependencies: false,
        skipIntermediateDeployments: true,
      });
    });

    it("turns off the push trigger for a preview-only stack", () => {
      const args = deploymentSettingsArgs(config(), spec("prod", { deployCommits: false }));
      expect(args.vcs).to.deep.include({ deployCommits: false, previewPullRequests: true });
    });

    it("appends a stack's own path filters after the defaults", () => {
      const args = deploymentSettingsArgs(config(), spec("dev", { extraPaths: ["!components/README.md"] }));
      expect((args.vcs as { paths: string[] }).paths.at(-1)).to.equal("!components/README.md");
    });
  });

  describe("path filters", () => {
    const dev = defaultPaths("", "dev");
    const prod = defaultPaths("", "prod");

    it("deploys both stacks for a change to the program, a component, the stack wiring or the lock file", () => {
      for (const file of [
        "index.ts",
        "components/argo-cd.ts",
        "stacks/schema.ts",
        "package-lock.json",
        "tsconfig.pulumi.json",
      ]) {
        expect(pathTriggers(dev, file), file).to.equal(true);
        expect(pathTriggers(prod, file), file).to.equal(true);
      }
    });

    it("deploys only the stack whose stack file changed", () => {
      expect(pathTriggers(prod, "Pulumi.prod.yaml")).to.equal(true);
      expect(pathTriggers(dev, "Pulumi.prod.yaml")).to.equal(false);
    });

    it("deploys nothing for docs, tests, workflows, the policy pack or the deployments project", () => {
      for (const file of [
        "README.md",
        "docs/delivery.md",
        "test/program/dev.test.ts",
        ".github/workflows/ci.yml",
        "policy/checks.ts",
        "stacks/deployments/index.ts",
      ]) {
        expect(pathTriggers(dev, file), file).to.equal(false);
      }
    });

    it("matches only inside repoDir when the program lives in a folder", () => {
      const nested = defaultPaths("infra/argo-sso", "dev");
      expect(pathTriggers(nested, "infra/argo-sso/components/dex-config.ts")).to.equal(true);
      expect(pathTriggers(nested, "components/dex-config.ts")).to.equal(false);
    });

    it("reads ** across folders, * and ? within one", () => {
      expect(globToRegExp("a/**").test("a/b/c.ts")).to.equal(true);
      expect(globToRegExp("**/x.ts").test("x.ts")).to.equal(true);
      expect(globToRegExp("a/*.ts").test("a/b/c.ts")).to.equal(false);
      expect(globToRegExp("Pulumi.?.yaml").test("Pulumi.x.yaml")).to.equal(true);
      expect(globToRegExp("tsconfig*.json").test("tsconfig.pulumi.json")).to.equal(true);
    });

    it("triggers on everything not excluded when there is no include filter", () => {
      expect(pathTriggers(["!docs/**"], "index.ts")).to.equal(true);
      expect(pathTriggers(["!docs/**"], "docs/a.md")).to.equal(false);
    });
  });

  describe("policyGroupArgs", () => {
    it("declares nothing without policyGroups", () => {
      expect(policyGroupArgs(config(), "prod", {})).to.equal(undefined);
    });

    it("applies the published pack to the one stack with that stack's pack config, blocking", () => {
      const packConfig = { all: "mandatory" };
      const args = policyGroupArgs(
        config({ policyGroups: { pack: "argo-sso-guardrails", versionTag: "0.1.0" } }),
        "prod",
        packConfig,
      );
      expect(args).to.deep.equal({
        name: "argo-sso-prod",
        organizationName: "example-org",
        entityType: "stacks",
        mode: "preventative",
        stacks: [{ name: "prod", routingProject: "argo-sso" }],
        policyPacks: [{ name: "argo-sso-guardrails", versionTag: "0.1.0", config: { all: "mandatory" } }],
      });
    });
  });

  describe("deploy token", () => {
    it("passes a deploy token as the PULUMI_ACCESS_TOKEN environment variable of every operation", () => {
      const args = deploymentSettingsArgs(config(), spec("prod"), "pul-token");
      expect((args.operationContext as { environmentVariables: unknown }).environmentVariables).to.deep.equal(
        {
          PULUMI_ACCESS_TOKEN: "pul-token",
        },
      );
    });

    it("sets no environment variable without one", () => {
      expect(deploymentSettingsArgs(config(), spec("prod")).operationContext).to.not.have.property(
        "environmentVariables",
      );
    });
  });

  describe("driftScheduleArgs", () => {
    it("schedules drift detection of the stack, report-only unless asked", () => {
      const drifting = spec("prod", { driftDetection: { schedule: "0 */4 * * *", autoRemediate: false } });
      expect(driftScheduleArgs(config(), drifting)).to.deep.equal({
        organization: "example-org",
        project: "argo-sso",
        stack: "prod",
        scheduleCron: "0 */4 * * *",
        autoRemediate: false,
      });
      expect(driftScheduleArgs(config(), spec("dev"))).to.equal(undefined);
    });
  });

  describe("webhookArgs", () => {
    it("declares a stack webhook with the format and the event filters", () => {
      const notification = {
        name: "ops",
        url: "https://hooks.example.com/x",
        format: "slack" as const,
        events: ["deployment_failed" as const, "drift_detected" as const],
        stacks: ["prod"],
      };
      expect(webhookArgs(config(), notification, "prod", "URL")).to.deep.equal({
        organizationName: "example-org",
        projectName: "argo-sso",
        stackName: "prod",
        displayName: "argo-sso-prod-ops",
        payloadUrl: "URL",
        format: "slack",
        filters: ["deployment_failed", "drift_detected"],
        active: true,
      });
    });
  });

  it("names a stack org/project/stack", () => {
    expect(qualifiedStack(config(), "prod")).to.equal("example-org/argo-sso/prod");
  });
});
