import { expect } from "chai";
import {
  PRESETS,
  PRESET_NAMES,
  isPresetName,
  partitionOf,
  presetPolicies,
  terraformStatePolicy,
} from "../../stacks/presets";
import { inlinePolicyProblem } from "../../stacks/schema-permission-sets";

interface Statement {
  Sid: string;
  Action: string[];
  Resource: string[];
}

const statements = (policy: object) => (policy as { Statement: Statement[] }).Statement;

describe("permission-set presets", () => {
  it("has Cloud Posse's catalogue, RootAccess and DNSRecordAdministratorAccess included", () => {
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
      "RootAccess",
      "DNSRecordAdministratorAccess",
    ]);
  });

  it("uses the real AWS-managed policy ARNs", () => {
    const arns = Object.fromEntries(
      PRESET_NAMES.map((n) => [n, presetPolicies(PRESETS[n], { stateBucket: "b-1" }, "aws").managedPolicies]),
    );
    expect(arns).to.deep.equal({
      AdministratorAccess: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      // AWSSupportAccess where Cloud Posse adds it (aws-identity-center src/policy-*.tf).
      PowerUserAccess: [
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws:iam::aws:policy/AWSSupportAccess",
      ],
      ReadOnlyAccess: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"],
      ViewOnlyAccess: ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
      BillingAdministratorAccess: [
        "arn:aws:iam::aws:policy/job-function/Billing",
        "arn:aws:iam::aws:policy/AWSSupportAccess",
      ],
      BillingReadOnlyAccess: [
        "arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess",
        "arn:aws:iam::aws:policy/AWSSupportAccess",
      ],
      TerraformPlanAccess: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      TerraformApplyAccess: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      TerraformStateAccess: [],
      RootAccess: [],
      DNSRecordAdministratorAccess: ["arn:aws:iam::aws:policy/AWSSupportAccess"],
    });
  });

  it("gives every preset a Latin-1 description within AWS limits and a session between PT1H and PT12H", () => {
    for (const preset of Object.values(PRESETS)) {
      expect(preset.description, preset.name).to.match(/^[\x20-\x7E\xA1-\xFF]{1,700}$/);
      expect(preset.sessionDuration, preset.name).to.match(/^PT([1-9]|1[0-2])H$/);
    }
  });

  it("produces inline policies that pass the inline-policy limits", () => {
    const problems: string[] = [];
    for (const name of PRESET_NAMES) {
      const { inlinePolicy } = presetPolicies(
        PRESETS[name],
        {
          stateBucket: "acme-state",
          lockTable: "arn:aws:dynamodb:eu-west-1:123456789012:table/locks",
          stateKeyPrefix: "prod/",
          stateKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        },
        "aws",
      );
      const problem = inlinePolicy === undefined ? undefined : inlinePolicyProblem(inlinePolicy);
      if (problem !== undefined) problems.push(`${name}: ${problem}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it("gives ReadOnlyAccess Cloud Posse's EKS read statement", () => {
    expect(
      JSON.parse(presetPolicies(PRESETS.ReadOnlyAccess, {}, "aws").inlinePolicy ?? "null"),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowEKSView",
          Effect: "Allow",
          Action: ["eks:Get*", "eks:Describe*", "eks:List*", "eks:Access*"],
          Resource: ["*"],
        },
      ],
    });
  });

  it("limits RootAccess to sts:AssumeRoot for the five root tasks", () => {
    expect(
      JSON.parse(presetPolicies(PRESETS.RootAccess, {}, "aws-us-gov").inlinePolicy ?? "null"),
    ).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeRootForRootTasks",
          Effect: "Allow",
          Action: ["sts:AssumeRoot"],
          Resource: ["arn:aws-us-gov:iam::*:root"],
          Condition: {
            StringEquals: {
              "sts:TaskPolicyArn": [
                "arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
                "arn:aws-us-gov:iam::aws:policy/root-task/IAMCreateRootUserPassword",
                "arn:aws-us-gov:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
                "arn:aws-us-gov:iam::aws:policy/root-task/S3UnlockBucketPolicy",
                "arn:aws-us-gov:iam::aws:policy/root-task/SQSUnlockQueuePolicy",
              ],
            },
          },
        },
      ],
    });
  });

  it("lands BillingAdministratorAccess on the billing console of the partition", () => {
    expect([
      PRESETS.BillingAdministratorAccess.relayState?.("aws"),
      PRESETS.BillingAdministratorAccess.relayState?.("aws-cn"),
      PRESETS.DNSRecordAdministratorAccess.relayState?.("aws"),
      PRESETS.ReadOnlyAccess.relayState,
    ]).to.deep.equal([
      "https://console.aws.amazon.com/billing/",
      "https://console.amazonaws.cn/billing/",
      "https://console.aws.amazon.com/route53/",
      undefined,
    ]);
  });

  it("recognises preset names exactly", () => {
    expect([
      isPresetName("ReadOnlyAccess"),
      isPresetName("readonlyaccess"),
      isPresetName("rootaccess"),
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

    it("scopes the lock table to its ARN, and objects and listing to the key prefix", () => {
      const policy = terraformStatePolicy(
        {
          stateBucket: "st",
          stateKeyPrefix: "prod/",
          lockTable: "arn:aws:dynamodb:eu-west-1:123456789012:table/locks",
        },
        "aws",
        "read",
      );
      expect(statements(policy)).to.deep.equal([
        {
          Sid: "ListStateBucket",
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: ["arn:aws:s3:::st"],
          Condition: { StringLike: { "s3:prefix": ["prod/*"] } },
        },
        {
          Sid: "StateObjects",
          Effect: "Allow",
          Action: ["s3:GetObject"],
          Resource: ["arn:aws:s3:::st/prod/*"],
        },
        {
          Sid: "StateLockFile",
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject"],
          Resource: ["arn:aws:s3:::st/prod/*.tflock"],
        },
        {
          Sid: "StateLockTable",
          Effect: "Allow",
          Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
          Resource: ["arn:aws:dynamodb:eu-west-1:123456789012:table/locks"],
        },
      ]);
    });

    it("grants the SSE-KMS key: decrypt and data keys to plan, encrypt too to apply", () => {
      const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
      const kms = (access: "read" | "write") =>
        statements(terraformStatePolicy({ stateBucket: "st", stateKmsKeyArn: key }, "aws", access)).find(
          (s) => s.Sid === "StateKmsKey",
        );
      expect(kms("read")).to.deep.equal({
        Sid: "StateKmsKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: [key],
      });
      expect(kms("write")?.Action).to.deep.equal(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]);
    });
  });
});
