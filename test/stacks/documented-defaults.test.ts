/**
 * The defaults and limits docs/configuration.md promises, checked through `loadStackConfig` (so
 * they survive a rewrite of the readers) with literal expected values taken from that document's
 * tables; the 20-policy limit is Identity Center's (IAM Identity Center quotas: "managed policies
 * and customer managed policies attached to a permission set", 20).
 */
import { expect } from "chai";
import { REMOVE, devRuntimeConfig, load, problemsOf, warningsOf, withPath } from "../support/configs";

const PS = "argo-sso:permissionSets";
const managed = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/Policy${i}`);

describe("documented defaults and limits", () => {
  describe("argo-sso:argocd", () => {
    it("keeps the local admin and logs Dex at info when the keys are left out", () => {
      let config = withPath(devRuntimeConfig(), "argo-sso:argocd", ["adminEnabled"], REMOVE);
      config = withPath(config, "argo-sso:argocd", ["dexLogLevel"], REMOVE);
      const argocd = load(config).config?.argocd;
      expect([argocd?.adminEnabled, argocd?.dexLogLevel]).to.deep.equal([true, "info"]);
    });
  });

  describe("presets (the table in docs/configuration.md)", () => {
    // AWSSupportAccess beside the job policy where Cloud Posse's catalogue adds it (seed 002).
    const table: [string, string[], string][] = [
      ["AdministratorAccess", ["arn:aws:iam::aws:policy/AdministratorAccess"], "PT1H"],
      [
        "PowerUserAccess",
        ["arn:aws:iam::aws:policy/PowerUserAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"],
        "PT4H",
      ],
      [
        "ReadOnlyAccess",
        ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"],
        "PT8H",
      ],
      ["ViewOnlyAccess", ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"], "PT8H"],
      [
        "BillingAdministratorAccess",
        ["arn:aws:iam::aws:policy/job-function/Billing", "arn:aws:iam::aws:policy/AWSSupportAccess"],
        "PT1H",
      ],
      [
        "BillingReadOnlyAccess",
        ["arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"],
        "PT8H",
      ],
    ];
    for (const [preset, policies, session] of table) {
      it(`builds ${preset} with ${policies.join(", ")} and a ${session} session`, () => {
        const config = withPath(devRuntimeConfig(), PS, ["FromPreset"], { preset });
        const set = load(config).config?.permissionSets.FromPreset;
        expect([set?.managedPolicies, set?.sessionDuration]).to.deep.equal([policies, session]);
      });
    }
  });

  describe("policies per permission set", () => {
    it("accepts exactly 20 managed and customer-managed policies, with the IAM quota warning", () => {
      // Developer in Pulumi.dev.yaml has one customer-managed policy: 19 + 1 = 20.
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "managedPolicies"], managed(19));
      expect(problemsOf(config)).to.deep.equal([]);
      expect(warningsOf(config)).to.include(
        "argo-sso:permissionSets.Developer: attaches 20 managed and customer-managed policies; IAM allows 10 per role unless the quota is raised in every target account",
      );
    });

    it("accepts 10 without the IAM quota warning", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "managedPolicies"], managed(9));
      expect(warningsOf(config).filter((w) => w.includes("IAM allows"))).to.deep.equal([]);
    });
  });
});
