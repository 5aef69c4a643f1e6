import { expect } from "chai";
import { DeploymentsConfig, StackDeploymentSpec } from "../../stacks/deployments/config";
import {
  defaultPaths,
  deploymentSettingsArgs,
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
        "stacks/types.ts",
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

  it("names a stack org/project/stack", () => {
    expect(qualifiedStack(config(), "prod")).to.equal("example-org/argo-sso/prod");
  });
});
