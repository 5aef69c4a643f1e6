import { expect } from "chai";
import {
  REMOVE,
  devRuntimeConfig,
  load,
  problemsOf,
  warningsOf,
  withConfig,
  withPath,
} from "../support/configs";

const PS = "argo-sso:permissionSets";
const withSet = (name: string, value: unknown) => withPath(devRuntimeConfig(), PS, [name], value);
const managed = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/Policy${i}`);

describe("argo-sso:permissionSets", () => {
  describe("names", () => {
    it("rejects a name over 32 characters", () => {
      expect(
        problemsOf(withSet("PlatformEngineeringAdministrators", { preset: "ReadOnlyAccess" })),
      ).to.deep.equal([
        "argo-sso:permissionSets.PlatformEngineeringAdministrators: permission-set name must be at most 32 characters, got 33",
      ]);
    });

    it("rejects characters AWS does not allow", () => {
      expect(problemsOf(withSet("Read/Only", { preset: "ReadOnlyAccess" }))).to.deep.equal([
        'argo-sso:permissionSets["Read/Only"]: permission-set name may contain only letters, digits and _+=,.@-, got "Read/Only"',
      ]);
    });

    it("rejects two names that differ only in case", () => {
      expect(problemsOf(withSet("admin", { preset: "ReadOnlyAccess" }))).to.deep.equal([
        'argo-sso:permissionSets.admin: same name as "Admin" ignoring case; AWS names are unique per instance',
      ]);
    });

    it("reports an unknown key with the closest known one", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), PS, ["Developer", "sesionDuration"], "PT2H")),
      ).to.deep.equal([
        'argo-sso:permissionSets.Developer.sesionDuration: unknown key (did you mean "sessionDuration"?); allowed: preset, parameters, description, sessionDuration, relayState, tags, managedPolicies, customerManagedPolicies, inlinePolicy, permissionsBoundary, import',
      ]);
    });

    it("rejects an entry that is not a map", () => {
      expect(problemsOf(withSet("Auditor", "ReadOnlyAccess"))).to.deep.equal([
        'argo-sso:permissionSets.Auditor: must be a map of permission-set settings, got "ReadOnlyAccess"',
      ]);
    });
  });

  describe("policy counts", () => {
    it("rejects more than 20 managed and customer-managed policies", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "managedPolicies"], managed(20));
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:permissionSets.Developer: attaches 21 managed and customer-managed policies; Identity Center allows 20",
      ]);
    });

    it("warns above the IAM default of 10 policies per role", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "managedPolicies"], managed(10));
      expect(warningsOf(config)).to.deep.equal([
        "argo-sso:permissionSets.Developer: attaches 11 managed and customer-managed policies; IAM allows 10 per role unless the quota is raised in every target account",
      ]);
    });

    it("warns about a set that grants nothing", () => {
      expect(warningsOf(withSet("Empty", { description: "nothing yet" }))).to.deep.equal([
        "argo-sso:permissionSets.Empty: grants nothing: set managedPolicies, customerManagedPolicies, inlinePolicy or a preset",
      ]);
    });
  });

  describe("tags", () => {
    it("rejects a tag value that is not text", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), PS, ["Developer", "tags", "cost-center"], 1234)),
      ).to.deep.equal(["argo-sso:permissionSets.Developer.tags.cost-center: must be text, got 1234"]);
    });
  });

  describe("presets", () => {
    it("rejects an unknown preset with the closest known one", () => {
      expect(problemsOf(withSet("Auditor", { preset: "ReadonlyAccess" }))).to.deep.equal([
        'argo-sso:permissionSets.Auditor.preset: unknown preset "ReadonlyAccess" (did you mean "ReadOnlyAccess"?); known: AdministratorAccess, PowerUserAccess, ReadOnlyAccess, ViewOnlyAccess, BillingAdministratorAccess, BillingReadOnlyAccess, TerraformPlanAccess, TerraformApplyAccess, TerraformStateAccess, RootAccess, DNSRecordAdministratorAccess',
      ]);
    });

    it("allows overriding description, sessionDuration, relayState and tags", () => {
      const entry = {
        preset: "PowerUserAccess",
        description: "Power users",
        sessionDuration: "PT2H",
        relayState: "https://console.aws.amazon.com/",
        tags: { team: "a" },
      };
      expect(load(withSet("Power", entry)).config!.permissionSets.Power).to.deep.include({
        name: "Power",
        preset: "PowerUserAccess",
        description: "Power users",
        sessionDuration: "PT2H",
        relayState: "https://console.aws.amazon.com/",
        tags: { team: "a" },
        managedPolicies: [
          "arn:aws:iam::aws:policy/PowerUserAccess",
          "arn:aws:iam::aws:policy/AWSSupportAccess",
        ],
      });
    });

    it("refuses policies beside a preset, naming the preset and what may be overridden", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Admin", "inlinePolicy"], {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
      });
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:permissionSets.Admin.inlinePolicy: cannot be combined with preset "AdministratorAccess"; a preset entry may override only description, sessionDuration, relayState, tags (drop preset to define the policies yourself)',
      ]);
    });

    it("requires stateBucket for a Terraform preset", () => {
      expect(problemsOf(withSet("Plan", { preset: "TerraformPlanAccess" }))).to.deep.equal([
        "argo-sso:permissionSets.Plan.parameters.stateBucket: required by preset TerraformPlanAccess: S3 bucket that holds the Terraform state",
      ]);
    });

    it("rejects a state bucket name S3 would refuse", () => {
      const config = withSet("Plan", {
        preset: "TerraformPlanAccess",
        parameters: { stateBucket: "My_Bucket" },
      });
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:permissionSets.Plan.parameters.stateBucket: must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens), got "My_Bucket"',
      ]);
    });

    it("reports an unknown parameter", () => {
      const config = withSet("Plan", {
        preset: "TerraformPlanAccess",
        parameters: { stateBucket: "b-1", bucket: "b-1" },
      });
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:permissionSets.Plan.parameters.bucket: unknown key; allowed: stateBucket, stateKeyPrefix, lockTable, stateKmsKeyArn",
      ]);
    });

    it("rejects parameters for a preset that takes none", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Admin", "parameters"], { stateBucket: "b-1" });
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:permissionSets.Admin.parameters: preset AdministratorAccess takes no parameters; remove them",
      ]);
    });

    it("rejects parameters without a preset", () => {
      const config = withPath(devRuntimeConfig(), PS, ["Developer", "parameters"], { stateBucket: "b-1" });
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:permissionSets.Developer.parameters: only used with preset; remove it",
      ]);
    });

    it("scopes the Terraform state policy to the bucket given", () => {
      const policy = load(devRuntimeConfig()).config!.permissionSets.TerraformState.inlinePolicy!;
      expect(JSON.parse(policy).Statement[1].Resource).to.deep.equal([
        "arn:aws:s3:::acme-dev-terraform-state/*",
      ]);
    });

    it("builds preset ARNs in the partition of aws:region", () => {
      const config = withConfig(devRuntimeConfig(), "argo-sso:identityCenter", (ic) => {
        ic.samlApplication.signInUrl = "https://portal.sso.us-gov-west-1.amazonaws.com/saml/assertion/QQ";
      });
      const gov = withConfig(config, "aws:region", () => "us-gov-west-1");
      expect(load(gov).config!.permissionSets.Admin.managedPolicies).to.deep.equal([
        "arn:aws-us-gov:iam::aws:policy/AdministratorAccess",
      ]);
    });
  });

  it("may be left out entirely when groups name presets directly", () => {
    let config = withConfig(devRuntimeConfig(), PS, () => REMOVE);
    config = withConfig(config, "argo-sso:groups", () => ({
      admins: {
        members: ["alice@example.com"],
        aws: [{ permissionSet: "AdministratorAccess", accounts: ["sandbox"] }],
      },
    }));
    expect(Object.keys(load(config).config!.permissionSets)).to.deep.equal(["AdministratorAccess"]);
  });
});
