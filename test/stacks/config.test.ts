import { expect } from "chai";
import { loadStackConfig } from "../../stacks/config";
import { parseIsoDuration } from "../../stacks/schema-permission-sets";
import {
  FIXED_NOW,
  REMOVE,
  devRuntimeConfig,
  load,
  problemsOf,
  prodRuntimeConfig,
  withConfig,
  withPath,
} from "../support/configs";

describe("loadStackConfig", () => {
  describe("the stack files", () => {
    it("loads Pulumi.dev.yaml with no problems and no warnings", () => {
      const result = load(devRuntimeConfig());
      expect(result.problems).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    });

    it("loads Pulumi.prod.yaml with no problems and no warnings", () => {
      const result = load(prodRuntimeConfig());
      expect(result.problems).to.deep.equal([]);
      expect(result.warnings).to.deep.equal([]);
      expect(result.ok).to.equal(true);
    });

    it("applies the defaults the dev stack leaves out", () => {
      const config = load(devRuntimeConfig()).config!;
      expect(config.argocd.releaseName).to.equal("argocd");
      expect(config.argocd.timeoutSeconds).to.equal(600);
      expect(config.argocd.anonymousEnabled).to.equal(false);
      expect(config.workflows.releaseName).to.equal("argo-workflows");
      expect(config.workflows.timeoutSeconds).to.equal(600);
      expect(config.clientSecret).to.deep.equal({
        rotation: "1",
        clientId: "argo-workflows-sso",
        secretName: "argo-workflows-sso",
      });
      expect(config.identityCenter.instanceArn).to.equal(undefined);
      expect(config.groups["platform-admins"].displayName).to.equal("platform-admins");
      expect(config.groups["platform-admins"].source).to.equal("managed");
    });

    it("reads the dev cluster as the ambient kubeconfig at a context", () => {
      expect(load(devRuntimeConfig()).config!.cluster).to.deep.equal({ kind: "ambient", context: "dev" });
    });

    it("gives prod protection, SSO-only Argo CD, info logging and a cluster from a stack reference", () => {
      const config = load(prodRuntimeConfig()).config!;
      expect(config.protect).to.equal(true);
      expect(config.argocd.adminEnabled).to.equal(false);
      expect(config.argocd.dexLogLevel).to.equal("info");
      expect(config.cluster).to.deep.equal({
        kind: "stackReference",
        stack: "acme/eks-platform/prod",
        output: "kubeconfig",
        context: undefined,
      });
    });

    it("keeps every prod session at PT4H or less", () => {
      const sets = Object.values(load(prodRuntimeConfig()).config!.permissionSets);
      const longest = Math.max(...sets.map((s) => parseIsoDuration(s.sessionDuration)!));
      expect(longest).to.be.at.most(4 * 3600);
    });

    it("adds a preset named directly by a group to the permission sets", () => {
      const sets = load(devRuntimeConfig()).config!.permissionSets;
      expect(sets.ViewOnlyAccess.managedPolicies).to.deep.equal([
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      ]);
      expect(sets.ViewOnlyAccess.preset).to.equal("ViewOnlyAccess");
    });

    it("lists permission sets in name order", () => {
      const names = Object.keys(load(devRuntimeConfig()).config!.permissionSets);
      expect(names).to.deep.equal([...names].sort());
    });
  });

  describe("top-level keys", () => {
    it("reports an unknown argo-sso key with the closest known one", () => {
      const config = { ...devRuntimeConfig(), "argo-sso:protected": "true" };
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:protected: unknown key (did you mean "protect"?); allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect',
      ]);
    });

    it("reports a key that would reach the object prototype", () => {
      expect(problemsOf({ ...devRuntimeConfig(), "argo-sso:__proto__": "{}" })).to.deep.equal([
        "argo-sso:__proto__: unknown key; allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect",
      ]);
    });

    it("ignores keys of other namespaces", () => {
      const config = {
        ...devRuntimeConfig(),
        "aws:profile": "sandbox",
        "kubernetes:context": "dev",
        "pulumi:tags": '{"team":"platform"}',
      };
      expect(problemsOf(config)).to.deep.equal([]);
    });

    it("requires aws:region", () => {
      expect(problemsOf(withConfig(devRuntimeConfig(), "aws:region", () => REMOVE))).to.deep.equal([
        "aws:region: required: the Identity Center home region, e.g. eu-west-1 (pulumi config set aws:region eu-west-1)",
      ]);
    });

    it("rejects an aws:region that is not a region", () => {
      expect(problemsOf(withConfig(devRuntimeConfig(), "aws:region", () => "Ireland"))).to.deep.equal([
        'aws:region: must be an AWS region like eu-west-1, got "Ireland"',
      ]);
    });

    it("reports a map key whose value is not JSON", () => {
      expect(
        problemsOf(withConfig(devRuntimeConfig(), "argo-sso:accounts", () => "sandbox=111111111111")),
      ).to.include(
        'argo-sso:accounts: must be a map of account name to 12-digit ID, got text "sandbox=111111111111"',
      );
    });

    it("reports every required key of an empty config in one run", () => {
      const result = loadStackConfig({}, { now: FIXED_NOW });
      expect(result.problems).to.deep.equal([
        "argo-sso:argocd: required: at least url, e.g. { url: https://argocd.example.com }",
        "argo-sso:identityCenter: required: at least samlApplication { arn, signInUrl, certificate } of the SAML app made in the console",
        "argo-sso:workflows: required: at least url, e.g. { url: https://workflows.example.com }",
        "aws:region: required: the Identity Center home region, e.g. eu-west-1 (pulumi config set aws:region eu-west-1)",
      ]);
      expect(result.warnings).to.deep.equal([
        "argo-sso:groups: no groups: nobody gets AWS access or can log in to Argo CD and Argo Workflows",
      ]);
    });

    it("returns no config when there are problems", () => {
      const result = load(withConfig(devRuntimeConfig(), "aws:region", () => REMOVE));
      expect(result.ok).to.equal(false);
      expect(result.config).to.equal(undefined);
    });

    it("sorts problems and reports each once", () => {
      const config = withConfig(devRuntimeConfig(), "argo-sso:groups", (groups) => {
        groups.developers.workflows = "owner";
        groups.reviewers.workflows = "owner";
        groups.finance.workflows = "owner";
      });
      const problems = problemsOf(config);
      expect(problems).to.have.length(3);
      expect(problems).to.deep.equal([...problems].sort());
    });

    it("does not throw on a raw config that is not a map", () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const result = loadStackConfig(null as any, { now: FIXED_NOW });
      expect(result.ok).to.equal(false);
      expect(result.problems).to.include(
        "aws:region: required: the Identity Center home region, e.g. eu-west-1 (pulumi config set aws:region eu-west-1)",
      );
    });

    it("accepts protect as the text true or false, as the CLI passes it", () => {
      expect(load(withConfig(devRuntimeConfig(), "argo-sso:protect", () => "true")).config!.protect).to.equal(
        true,
      );
    });

    it("rejects protect that is not a boolean", () => {
      expect(problemsOf(withConfig(devRuntimeConfig(), "argo-sso:protect", () => "yes"))).to.deep.equal([
        'argo-sso:protect: must be true or false, got "yes"',
      ]);
    });

    it("defaults protect to false", () => {
      expect(load(withConfig(devRuntimeConfig(), "argo-sso:protect", () => REMOVE)).config!.protect).to.equal(
        false,
      );
    });

    it("names keys that are not plain words in quotes, without whitespace or colons", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:users", ["dora the explorer", "displayName"], 42);
      expect(problemsOf(config)).to.include(
        'argo-sso:users["dora\\u0020the\\u0020explorer"].displayName: must be text, got 42',
      );
    });
  });
});
