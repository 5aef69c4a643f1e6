/**
 * Permission-set presets: the catalogue of Cloud Posse's `aws-sso` component (seed 002) as
 * ready-made permission sets, so a stack file can say `preset: ReadOnlyAccess` (or a group can
 * name `ReadOnlyAccess` directly) instead of repeating policy ARNs.
 *
 * The AWS-managed policy ARNs are the real ones (AWS Managed Policy Reference,
 * docs.aws.amazon.com/aws-managed-policy/latest/reference/): `AdministratorAccess`,
 * `PowerUserAccess`, `ReadOnlyAccess`, `job-function/ViewOnlyAccess`, `job-function/Billing`,
 * `AWSBillingReadOnlyAccess`, `AWSSupportAccess`. Parity with Cloud Posse's catalogue
 * (cloudposse-terraform-components/aws-identity-center, src/policy-*.tf at 5c322e75):
 * `AWSSupportAccess` beside PowerUser, ReadOnly, both Billing sets and DNSRecordAdministrator;
 * the EKS read inline policy on ReadOnly; the billing console as BillingAdministrator's relay
 * state; `RootAccess` (`sts:AssumeRoot` for the five root tasks only). The Terraform presets are
 * argo-sso's own: Cloud Posse's versions assume a state-backend role of its reference
 * architecture, which a stack here does not have.
 */

/** A preset's parameter, e.g. `stateBucket`. */
export interface PresetParameter {
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** What a valid value looks like. */
  readonly pattern: RegExp;
  /** The pattern in words, for messages and docs. */
  readonly patternHint: string;
}

/** One preset of the catalogue. */
export interface PresetDefinition {
  readonly name: string;
  /** Permission-set description (Latin-1, ≤ 700 chars). */
  readonly description: string;
  /** Default session duration; a config entry may override it. */
  readonly sessionDuration: string;
  /** AWS-managed policy names after `arn:<partition>:iam::aws:policy/`. */
  readonly managedPolicies: readonly string[];
  readonly parameters: readonly PresetParameter[];
  /** The inline policy, built from the parameters (already validated). */
  readonly inlinePolicy?: (parameters: Readonly<Record<string, string>>, partition: string) => object;
  /** The console page people land on, per partition. @default none (the console home) */
  readonly relayState?: (partition: string) => string;
}

/** The AWS console origin of a partition (what a relay state starts with). */
export function consoleOrigin(partition: string): string {
  if (partition === "aws-cn") return "https://console.amazonaws.cn";
  if (partition === "aws-us-gov") return "https://console.amazonaws-us-gov.com";
  return "https://console.aws.amazon.com";
}

const S3_BUCKET: Omit<PresetParameter, "required" | "description"> = {
  name: "stateBucket",
  pattern: /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  patternHint: "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
};

const TERRAFORM_PARAMETERS: readonly PresetParameter[] = [
  { ...S3_BUCKET, required: true, description: "S3 bucket that holds the Terraform state" },
  {
    name: "stateKeyPrefix",
    required: false,
    description:
      "Only state objects under this key prefix (e.g. prod/), for a bucket shared by several stacks",
    pattern: /^[A-Za-z0-9!_.'()/-]{1,512}$/,
    patternHint: "an S3 key prefix (1-512 letters, digits and !_.'()/-, no *)",
  },
  {
    name: "lockTable",
    required: false,
    description:
      "DynamoDB lock table, for backends that lock with DynamoDB instead of an S3 lock file; a table ARN scopes it to one account and region",
    pattern:
      /^([A-Za-z0-9_.-]{3,255}|arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:\d{12}:table\/[A-Za-z0-9_.-]{3,255})$/,
    patternHint: "a DynamoDB table name (3-255 letters, digits, _ . -) or table ARN",
  },
  {
    name: "stateKmsKeyArn",
    required: false,
    description: "The KMS key of an SSE-KMS state bucket: decrypt to read, generate data keys to write",
    pattern: /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]{1,128}$/,
    patternHint: "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)",
  },
];

type Access = "read" | "write";

/**
 * The state-access inline policy: list the bucket, read (and for `write`, write) objects, take
 * and release the S3 lock file (`use_lockfile`, `<key>.tflock`) and, when given, the DynamoDB
 * lock table's items and the SSE-KMS key. Plan needs the lock too: `terraform plan` locks by
 * default. Everything is scoped as tightly as the parameters allow: objects and listing to
 * `stateKeyPrefix`, the table to its ARN when one is given.
 */
export function terraformStatePolicy(
  parameters: Readonly<Record<string, string>>,
  partition: string,
  access: Access,
): object {
  const bucket = `arn:${partition}:s3:::${parameters.stateBucket}`;
  const prefix = parameters.stateKeyPrefix ?? "";
  const objectActions =
    access === "write" ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] : ["s3:GetObject"];
  const list: Record<string, unknown> = {
    Sid: "ListStateBucket",
    Effect: "Allow",
    Action: ["s3:ListBucket"],
    Resource: [bucket],
  };
  if (prefix !== "") list.Condition = { StringLike: { "s3:prefix": [`${prefix}*`] } };
  const statements: object[] = [
    list,
    { Sid: "StateObjects", Effect: "Allow", Action: objectActions, Resource: [`${bucket}/${prefix}*`] },
  ];
  if (access === "read") {
    statements.push({
      Sid: "StateLockFile",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: [`${bucket}/${prefix}*.tflock`],
    });
  }
  const table = parameters.lockTable;
  if (table !== undefined) {
    statements.push({
      Sid: "StateLockTable",
      Effect: "Allow",
      Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: [table.startsWith("arn:") ? table : `arn:${partition}:dynamodb:*:*:table/${table}`],
    });
  }
  if (parameters.stateKmsKeyArn !== undefined) {
    // Plan writes the lock file, so it encrypts too.
    statements.push({
      Sid: "StateKmsKey",
      Effect: "Allow",
      Action:
        access === "write"
          ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"]
          : ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [parameters.stateKmsKeyArn],
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Cloud Posse's EKS read statement on ReadOnlyAccess: the EKS console and access entries. */
function eksReadPolicy(): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AllowEKSView",
        Effect: "Allow",
        Action: ["eks:Get*", "eks:Describe*", "eks:List*", "eks:Access*"],
        Resource: ["*"],
      },
    ],
  };
}

/** The IAM root tasks `sts:AssumeRoot` may be used for (AWS-managed `root-task/` policies). */
export const ROOT_TASK_POLICIES = [
  "IAMAuditRootUserCredentials",
  "IAMCreateRootUserPassword",
  "IAMDeleteRootUserCredentials",
  "S3UnlockBucketPolicy",
  "SQSUnlockQueuePolicy",
] as const;

/** Centralized root access: `sts:AssumeRoot` on member accounts, for the root tasks only. */
function rootAccessPolicy(partition: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumeRootForRootTasks",
        Effect: "Allow",
        Action: ["sts:AssumeRoot"],
        Resource: [`arn:${partition}:iam::*:root`],
        Condition: {
          StringEquals: {
            "sts:TaskPolicyArn": ROOT_TASK_POLICIES.map(
              (p) => `arn:${partition}:iam::aws:policy/root-task/${p}`,
            ),
          },
        },
      },
    ],
  };
}

/** Record changes in Route 53 hosted zones, not zone administration (Cloud Posse's list). */
function dnsRecordPolicy(): object {
  return {
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
  };
}

/** The names of every preset, in catalogue order. */
export const PRESET_NAMES = [
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
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

// Session defaults: write access gets the shortest session, read-only access a working day.
/** The catalogue, keyed by preset name. */
export const PRESETS: Readonly<Record<PresetName, PresetDefinition>> = {
  AdministratorAccess: {
    name: "AdministratorAccess",
    description: "Full access to every AWS service and resource in the account",
    sessionDuration: "PT1H",
    managedPolicies: ["AdministratorAccess"],
    parameters: [],
  },
  PowerUserAccess: {
    name: "PowerUserAccess",
    description: "Full access to AWS services except IAM users, groups and organization management",
    sessionDuration: "PT4H",
    managedPolicies: ["PowerUserAccess", "AWSSupportAccess"],
    parameters: [],
  },
  ReadOnlyAccess: {
    name: "ReadOnlyAccess",
    description: "Read-only access to every AWS service, including data such as S3 objects, and EKS",
    sessionDuration: "PT8H",
    managedPolicies: ["ReadOnlyAccess", "AWSSupportAccess"],
    parameters: [],
    inlinePolicy: () => eksReadPolicy(),
  },
  ViewOnlyAccess: {
    name: "ViewOnlyAccess",
    description: "View resources and their metadata across AWS services, without reading data",
    sessionDuration: "PT8H",
    managedPolicies: ["job-function/ViewOnlyAccess"],
    parameters: [],
  },
  BillingAdministratorAccess: {
    name: "BillingAdministratorAccess",
    description: "Manage billing, budgets, payment methods and cost management",
    sessionDuration: "PT1H",
    managedPolicies: ["job-function/Billing", "AWSSupportAccess"],
    parameters: [],
    // Needs "IAM user and role access to Billing information" enabled by the root user.
    relayState: (partition) => `${consoleOrigin(partition)}/billing/`,
  },
  BillingReadOnlyAccess: {
    name: "BillingReadOnlyAccess",
    description: "View bills, usage and cost reports in the Billing console",
    sessionDuration: "PT8H",
    managedPolicies: ["AWSBillingReadOnlyAccess", "AWSSupportAccess"],
    parameters: [],
  },
  TerraformPlanAccess: {
    name: "TerraformPlanAccess",
    description: "Read-only access to AWS plus the Terraform state and its lock, for terraform plan",
    sessionDuration: "PT4H",
    managedPolicies: ["ReadOnlyAccess"],
    parameters: TERRAFORM_PARAMETERS,
    inlinePolicy: (parameters, partition) => terraformStatePolicy(parameters, partition, "read"),
  },
  TerraformApplyAccess: {
    name: "TerraformApplyAccess",
    description: "Administrator access plus read and write on the Terraform state, for terraform apply",
    sessionDuration: "PT1H",
    managedPolicies: ["AdministratorAccess"],
    parameters: TERRAFORM_PARAMETERS,
    inlinePolicy: (parameters, partition) => terraformStatePolicy(parameters, partition, "write"),
  },
  TerraformStateAccess: {
    name: "TerraformStateAccess",
    description: "Read and write on the Terraform state bucket and lock only, nothing else",
    sessionDuration: "PT4H",
    managedPolicies: [],
    parameters: TERRAFORM_PARAMETERS,
    inlinePolicy: (parameters, partition) => terraformStatePolicy(parameters, partition, "write"),
  },
  RootAccess: {
    name: "RootAccess",
    description:
      "Centralized root access: sts:AssumeRoot on member accounts for the five IAM root tasks only",
    sessionDuration: "PT1H",
    managedPolicies: [],
    parameters: [],
    inlinePolicy: (_parameters, partition) => rootAccessPolicy(partition),
  },
  DNSRecordAdministratorAccess: {
    name: "DNSRecordAdministratorAccess",
    description: "Manage Route 53 records, health checks and traffic policies, but not hosted zones",
    sessionDuration: "PT4H",
    managedPolicies: ["AWSSupportAccess"],
    parameters: [],
    inlinePolicy: () => dnsRecordPolicy(),
    relayState: (partition) => `${consoleOrigin(partition)}/route53/`,
  },
};

/** Whether `name` is a preset (exact, case-sensitive). */
export function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/**
 * The AWS partition of a region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`.
 * Preset ARNs are built in the partition of `aws:region`.
 */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The policy part of a preset once instantiated. */
export interface PresetPolicies {
  readonly managedPolicies: readonly string[];
  /** JSON text, or undefined when the preset has no inline policy. */
  readonly inlinePolicy?: string;
}

/** The managed policy ARNs and inline policy of a preset with (already validated) parameters. */
export function presetPolicies(
  preset: PresetDefinition,
  parameters: Readonly<Record<string, string>>,
  partition: string,
): PresetPolicies {
  return {
    managedPolicies: preset.managedPolicies.map((p) => `arn:${partition}:iam::aws:policy/${p}`),
    inlinePolicy: preset.inlinePolicy
      ? JSON.stringify(preset.inlinePolicy(parameters, partition))
      : undefined,
  };
}
