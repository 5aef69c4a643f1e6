/**
 * Permission-set presets: the catalogue of Cloud Posse's `aws-sso` component (seed 002) as
 * ready-made permission sets, so a stack file can say `preset: ReadOnlyAccess` (or a group can
 * name `ReadOnlyAccess` directly) instead of repeating policy ARNs.
 *
 * The AWS-managed policy ARNs are the real ones (AWS Managed Policy Reference,
 * docs.aws.amazon.com/aws-managed-policy/latest/reference/): `AdministratorAccess`,
 * `PowerUserAccess`, `ReadOnlyAccess`, `job-function/ViewOnlyAccess`, `job-function/Billing`,
 * `AWSBillingReadOnlyAccess`. The Terraform presets are argo-sso's own: Cloud Posse's versions
 * assume roles of its reference architecture, which a stack here does not have.
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
}

const S3_BUCKET: Omit<PresetParameter, "required" | "description"> = {
  name: "stateBucket",
  pattern: /^(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  patternHint: "an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
};

const TERRAFORM_PARAMETERS: readonly PresetParameter[] = [
  { ...S3_BUCKET, required: true, description: "S3 bucket that holds the Terraform state" },
  {
    name: "lockTable",
    required: false,
    description: "DynamoDB lock table, for backends that lock with DynamoDB instead of an S3 lock file",
    pattern: /^[A-Za-z0-9_.-]{3,255}$/,
    patternHint: "a DynamoDB table name (3-255 letters, digits, _ . -)",
  },
];

type Access = "read" | "write";

/**
 * The state-access inline policy: list the bucket, read (and for `write`, write) objects, take
 * and release the S3 lock file (`use_lockfile`, `<key>.tflock`) and, when a lock table is
 * given, its DynamoDB items. Plan needs the lock too: `terraform plan` locks by default.
 */
export function terraformStatePolicy(
  parameters: Readonly<Record<string, string>>,
  partition: string,
  access: Access,
): object {
  const bucket = `arn:${partition}:s3:::${parameters.stateBucket}`;
  const objectActions =
    access === "write" ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] : ["s3:GetObject"];
  const statements: object[] = [
    { Sid: "ListStateBucket", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [bucket] },
    { Sid: "StateObjects", Effect: "Allow", Action: objectActions, Resource: [`${bucket}/*`] },
  ];
  if (access === "read") {
    statements.push({
      Sid: "StateLockFile",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:DeleteObject"],
      Resource: [`${bucket}/*.tflock`],
    });
  }
  if (parameters.lockTable !== undefined) {
    statements.push({
      Sid: "StateLockTable",
      Effect: "Allow",
      Action: ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
      Resource: [`arn:${partition}:dynamodb:*:*:table/${parameters.lockTable}`],
    });
  }
  return { Version: "2012-10-17", Statement: statements };
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
    managedPolicies: ["PowerUserAccess"],
    parameters: [],
  },
  ReadOnlyAccess: {
    name: "ReadOnlyAccess",
    description: "Read-only access to every AWS service, including data such as S3 objects",
    sessionDuration: "PT8H",
    managedPolicies: ["ReadOnlyAccess"],
    parameters: [],
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
    managedPolicies: ["job-function/Billing"],
    parameters: [],
  },
  BillingReadOnlyAccess: {
    name: "BillingReadOnlyAccess",
    description: "View bills, usage and cost reports in the Billing console",
    sessionDuration: "PT8H",
    managedPolicies: ["AWSBillingReadOnlyAccess"],
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
