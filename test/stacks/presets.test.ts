import { expect } from "chai";
import {
  PRESETS,
  PRESET_NAMES,
  isPresetName,
  partitionOf,
  presetPolicies,
  terraformStatePolicy,
} from "../../stacks/presets";
import { readInlinePolicy } from "../../stacks/config-policies";
import { At, Report } from "../../stacks/config-read";

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string[];
}

const statements = (policy: object) => (policy as { Statement: Statement[] }).Statement;

describe("permission-set presets", () => {
  it("has Cloud Posse's catalogue without RootAccess", () => {
    expect(PRESET_NAMES).to.deep.equal([
      "AdministratorAccess",
      "PowerUserAccess",
      "ReadOnlyAccess",
      "ViewOnlyAccess",
      "BillingAdministratorAccess",
      "BillingReadOnlyAccess",
      "TerraformPlanAccess",
      "TerraformApplyAccess",
      "TerraformStateAccess",
    ]);
  });

  it("uses the real AWS-managed policy ARNs", () => {
    const arns = Object.fromEntries(
      PRESET_NAMES.map((n) => [n, presetPolicies(PRESETS[n], { stateBucket: "b-1" }, "aws").managedPolicies]),
    );
    expect(arns).to.deep.equal({
      AdministratorAccess: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      PowerUserAccess: ["arn:aws:iam::aws:policy/PowerUserAccess"],
      ReadOnlyAccess: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      ViewOnlyAccess: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
      BillingAdministratorAccess: ["arn:aws:iam::aws:policy/job-function/Billing"],
      BillingReadOnlyAccess: ["arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess"],
      TerraformPlanAccess: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      TerraformApplyAccess: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      TerraformStateAccess: [],
    });
  });

  it("gives every preset a Latin-1 description within AWS limits and a session between PT1H and PT12H", () => {
    for (const preset of Object.values(PRESETS)) {
      expect(preset.description, preset.name).to.match(/^[\x20-\x7E\xA1-\xFF]{1,700}$/);
      expect(preset.sessionDuration, preset.name).to.match(/^PT([1-9]|1[0-2])H$/);
    }
  });

  it("produces inline policies that pass the inline-policy limits", () => {
    const report = new Report();
    for (const name of ["TerraformPlanAccess", "TerraformApplyAccess", "TerraformStateAccess"] as const) {
      const { inlinePolicy } = presetPolicies(
        PRESETS[name],
        { stateBucket: "acme-state", lockTable: "locks" },
        "aws",
      );
      readInlinePolicy(new At(report, "argo-sso", [name]), inlinePolicy);
    }
    expect(report.problems()).to.deep.equal([]);
  });

  it("recognises preset names exactly", () => {
    expect([
      isPresetName("ReadOnlyAccess"),
      isPresetName("readonlyaccess"),
      isPresetName("RootAccess"),
    ]).to.deep.equal([true, false, false]);
  });

  describe("partitionOf", () => {
    it("maps regions to their partitions", () => {
      expect(["eu-west-1", "us-gov-west-1", "cn-north-1"].map(partitionOf)).to.deep.equal([
        "aws",
        "aws-us-gov",
        "aws-cn",
      ]);
    });
  });

  describe("terraformStatePolicy", () => {
    it("lets plan read state objects and write only lock files", () => {
      const [, objects, lock] = statements(terraformStatePolicy({ stateBucket: "st" }, "aws", "read"));
      expect(objects.Action).to.deep.equal(["s3:GetObject"]);
      expect(lock.Resource).to.deep.equal(["arn:aws:s3:::st/*.tflock"]);
    });

    it("lets apply read and write state objects", () => {
      const [, objects] = statements(terraformStatePolicy({ stateBucket: "st" }, "aws", "write"));
      expect(objects.Action).to.deep.equal(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]);
    });

    it("adds the DynamoDB lock table only when given", () => {
      const sids = (p: object) => statements(p).map((s) => s.Sid);
      expect(sids(terraformStatePolicy({ stateBucket: "st" }, "aws", "write"))).to.not.include(
        "StateLockTable",
      );
      const withTable = statements(
        terraformStatePolicy({ stateBucket: "st", lockTable: "locks" }, "aws-cn", "write"),
      );
      expect(withTable[withTable.length - 1].Resource).to.deep.equal(["arn:aws-cn:dynamodb:*:*:table/locks"]);
    });
  });
});
