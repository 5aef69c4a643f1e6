import { expect } from "chai";
import {
  PRESETS,
  PRESET_NAMES,
  isPresetName,
  type PresetName,
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

  describe("the catalogue written out (docs/configuration.md, Presets)", () => {
    it("gives each preset the documented default session", () => {
      expect(Object.fromEntries(PRESET_NAMES.map((n) => [n, PRESETS[n].sessionDuration]))).to.deep.equal({
        AdministratorAccess: "PT1H",
        PowerUserAccess: "PT4H",
        ReadOnlyAccess: "PT8H",
        ViewOnlyAccess: "PT8H",
        BillingAdministratorAccess: "PT1H",
        BillingReadOnlyAccess: "PT8H",
        TerraformPlanAccess: "PT4H",
        TerraformApplyAccess: "PT1H",
        TerraformStateAccess: "PT4H",
        RootAccess: "PT1H",
        DNSRecordAdministratorAccess: "PT4H",
      });
    });

    it("names each preset after its key and gives it its description", () => {
      expect(Object.fromEntries(PRESET_NAMES.map((n) => [n, PRESETS[n].name]))).to.deep.equal(
        Object.fromEntries(PRESET_NAMES.map((n) => [n, n])),
      );
      expect(PRESETS.AdministratorAccess.description).to.equal(
        "Full access to every AWS service and resource in the account",
      );
      expect(PRESETS.TerraformStateAccess.description).to.equal(
        "Read and write on the Terraform state bucket and lock only, nothing else",
      );
    });

    it("gives only the three Terraform presets parameters: stateBucket required, the rest optional", () => {
      const params = Object.fromEntries(
        PRESET_NAMES.map((n) => [n, PRESETS[n].parameters.map((p) => `${p.name}${p.required ? "!" : "?"}`)]),
      );
      const terraform = ["stateBucket!", "stateKeyPrefix?", "lockTable?", "stateKmsKeyArn?"];
      expect(params).to.deep.equal({
        AdministratorAccess: [],
        PowerUserAccess: [],
        ReadOnlyAccess: [],
        ViewOnlyAccess: [],
        BillingAdministratorAccess: [],
        BillingReadOnlyAccess: [],
        TerraformPlanAccess: terraform,
        TerraformApplyAccess: terraform,
        TerraformStateAccess: terraform,
        RootAccess: [],
        DNSRecordAdministratorAccess: [],
      });
    });

    it("checks parameters by the AWS naming rules (S3 bucket, key prefix, DynamoDB table, KMS key ARN)", () => {
      const pattern = (name: string) => {
        const found = PRESETS.TerraformPlanAccess.parameters.find((p) => p.name === name);
        if (found === undefined) throw new Error(`no parameter ${name}`);
        return (text: string) => found.pattern.test(text);
      };
      // S3 bucket naming rules (S3 User Guide, "General purpose bucket naming rules"): 3-63
      // characters, lowercase letters, digits, dots and hyphens, a letter or digit at both ends,
      // not starting with xn--.
      const bucket = pattern("stateBucket");
      expect(
        [
          "abc",
          "a".repeat(63),
          "my.state-bucket1",
          "ab",
          "a".repeat(64),
          "Abc",
          "-abc",
          "abc-",
          "ab_c",
          "xn--abc",
        ].map(bucket),
      ).to.deep.equal([true, true, true, false, false, false, false, false, false, false]);
      const prefix = pattern("stateKeyPrefix");
      expect(
        ["prod/", "a!_.'()/-Z9", "x".repeat(512), "", "x".repeat(513), "prod/*", "a b", "a\nb"].map(prefix),
      ).to.deep.equal([true, true, true, false, false, false, false, false]);
      // DynamoDB table names: 3-255 of [a-zA-Z0-9_.-]; or the table's ARN.
      const table = pattern("lockTable");
      expect(
        [
          "abc",
          "A_b.c-1",
          "a".repeat(255),
          "ab",
          "a".repeat(256),
          "a/b",
          "arn:aws:dynamodb:eu-west-1:123456789012:table/locks",
          "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/locks",
          "arn:aws:dynamodb:eu-west-1:12345678901:table/locks",
          "arn:aws:dynamodb:eu-west-1:123456789012:table/lo",
          "arn:aws:dynamodb:eu-west-1:123456789012:index/locks",
          "xarn:aws:dynamodb:eu-west-1:123456789012:table/locks",
        ].map(table),
      ).to.deep.equal([true, true, true, false, false, false, true, true, false, false, false, false]);
      const kms = pattern("stateKmsKeyArn");
      expect(
        [
          "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
          "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/mrk-1234",
          "arn:aws:kms:eu-west-1:123456789012:alias/state",
          "arn:aws:kms:eu-west-1:1234567890123:key/1234",
          "arn:aws:kms:eu-west-1:123456789012:key/",
          "arn:aws:kms:eu-west-1:123456789012:key/1234 ",
          " arn:aws:kms:eu-west-1:123456789012:key/1234",
        ].map(kms),
      ).to.deep.equal([true, true, false, false, false, false, false]);
    });

    it("describes each parameter and its rule for problem lines (docs/configuration.md, the parameters table)", () => {
      expect(
        PRESETS.TerraformApplyAccess.parameters.map((p) => [p.name, p.description, p.patternHint]),
      ).to.deep.equal([
        [
          "stateBucket",
          "S3 bucket that holds the Terraform state",
          "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
        ],
        [
          "stateKeyPrefix",
          "Only state objects under this key prefix (e.g. prod/), for a bucket shared by several stacks",
          "an S3 key prefix (1-512 letters, digits and !_.'()/-, no *)",
        ],
        [
          "lockTable",
          "DynamoDB lock table, for backends that lock with DynamoDB instead of an S3 lock file; a table ARN scopes it to one account and region",
          "a DynamoDB table name (3-255 letters, digits, _ . -) or table ARN",
        ],
        [
          "stateKmsKeyArn",
          "The KMS key of an SSE-KMS state bucket: decrypt to read, generate data keys to write",
          "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
        ],
      ]);
    });

    it("has inline policies exactly on ReadOnly, the Terraform sets, RootAccess and DNSRecordAdministrator", () => {
      const withInline = PRESET_NAMES.filter(
        (n) => presetPolicies(PRESETS[n], { stateBucket: "st" }, "aws").inlinePolicy !== undefined,
      );
      expect(withInline).to.deep.equal([
        "ReadOnlyAccess",
        "TerraformPlanAccess",
        "TerraformApplyAccess",
        "TerraformStateAccess",
        "RootAccess",
        "DNSRecordAdministratorAccess",
      ]);
    });

    it("lets TerraformApplyAccess and TerraformStateAccess write state, TerraformPlanAccess only the lock file", () => {
      const policy = (n: PresetName) =>
        JSON.parse(presetPolicies(PRESETS[n], { stateBucket: "st" }, "aws-cn").inlinePolicy ?? "null");
      const writeAll = {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ListStateBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: ["arn:aws-cn:s3:::st"],
          },
          {
            Sid: "StateObjects",
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resource: ["arn:aws-cn:s3:::st/*"],
          },
        ],
      };
      expect(policy("TerraformApplyAccess")).to.deep.equal(writeAll);
      expect(policy("TerraformStateAccess")).to.deep.equal(writeAll);
      expect(policy("TerraformPlanAccess")).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ListStateBucket",
            Effect: "Allow",
            Action: ["s3:ListBucket"],
            Resource: ["arn:aws-cn:s3:::st"],
          },
          {
            Sid: "StateObjects",
            Effect: "Allow",
            Action: ["s3:GetObject"],
            Resource: ["arn:aws-cn:s3:::st/*"],
          },
          {
            Sid: "StateLockFile",
            Effect: "Allow",
            Action: ["s3:PutObject", "s3:DeleteObject"],
            Resource: ["arn:aws-cn:s3:::st/*.tflock"],
          },
        ],
      });
    });

    it("names a lock table that merely starts with arn by its name", () => {
      const last = statements(
        terraformStatePolicy({ stateBucket: "st", lockTable: "arnold" }, "aws", "write"),
      ).at(-1);
      expect(last?.Resource).to.deep.equal(["arn:aws:dynamodb:*:*:table/arnold"]);
    });

    it("gives DNSRecordAdministratorAccess Cloud Posse's Route 53 record actions, not zone administration", () => {
      expect(
        JSON.parse(presetPolicies(PRESETS.DNSRecordAdministratorAccess, {}, "aws").inlinePolicy ?? "null"),
      ).to.deep.equal({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowDNSRecords",
            Effect: "Allow",
            Action: [
              "route53:ChangeResourceRecordSets",
              "route53:CreateHealthCheck",
              "route53:CreateTrafficPolicy",
              "route53:CreateTrafficPolicyInstance",
              "route53:CreateTrafficPolicyVersion",
              "route53:DeleteHealthCheck",
              "route53:DeleteTrafficPolicy",
              "route53:DeleteTrafficPolicyInstance",
              "route53:Get*",
              "route53:List*",
              "route53:UpdateHealthCheck",
              "route53:UpdateTrafficPolicyComment",
              "route53:UpdateTrafficPolicyInstance",
              "route53domains:List*",
            ],
            Resource: ["*"],
          },
        ],
      });
    });

    it("opens the consoles of the three partitions", () => {
      expect(
        ["aws", "aws-cn", "aws-us-gov"].map((p) => PRESETS.DNSRecordAdministratorAccess.relayState?.(p)),
      ).to.deep.equal([
        "https://console.aws.amazon.com/route53/",
        "https://console.amazonaws.cn/route53/",
        "https://console.amazonaws-us-gov.com/route53/",
      ]);
    });

    it("maps only regions that start with cn- or us-gov- to the other partitions", () => {
      expect(
        ["cn-northwest-1", "us-gov-east-1", "us-east-1", "eu-cn-1", "us-govx-1"].map(partitionOf),
      ).to.deep.equal(["aws-cn", "aws-us-gov", "aws", "aws", "aws"]);
    });
  });
});
