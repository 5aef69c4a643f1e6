/**
 * One IAM Identity Center permission set with its policies and its account assignments.
 *
 * Order (terraform-provider-aws v6.46.0, internal/service/ssoadmin): every policy attachment,
 * the inline policy and the boundary call `ProvisionPermissionSet` for ALL_PROVISIONED_ACCOUNTS
 * and wait for it; an account assignment provisions the set into its account as it is created.
 * So the assignments depend on every policy resource: on a first apply the set is finished
 * before it reaches any account (one role write per account, no user ever holds a role without
 * its policies), and on a destroy the assignments go first, then the policies. The policy
 * resources are `deletedWith` the permission set: removing a whole set deletes its assignments
 * and the set, and never detaches policies one by one (each detach would re-provision every
 * account). Counts before and after: docs/scale.md, "Provisioning order".
 */
import * as pulumi from "@pulumi/pulumi";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import { childName, customerPolicyKeys, managedPolicyKeys } from "./naming";

/** A customer-managed IAM policy reference; the policy must exist in every target account. */
export interface PolicyReference {
  readonly name: string;
  /** @default "/" */
  readonly path: string;
}

export interface PermissionsBoundary {
  /** An AWS-managed or customer-owned policy ARN. Exactly one of the two fields is set. */
  readonly managedPolicyArn?: string;
  readonly customerManagedPolicy?: PolicyReference;
}

export interface PermissionSetSpec {
  /** The config key; also the permission-set name in AWS (1–32 chars `[\w+=,.@-]`). */
  readonly name: string;
  /** Provider import ID `<permission set ARN>,<instance ARN>`: adopt an existing set instead of creating it. */
  readonly importId?: string;
  /** The preset it was built from, if any. */
  readonly preset?: string;
  readonly description?: string;
  /** ISO-8601 duration between PT1H and PT12H. @default "PT1H" */
  readonly sessionDuration: string;
  readonly relayState?: string;
  readonly tags: Readonly<Record<string, string>>;
  /** AWS-managed policy ARNs. */
  readonly managedPolicies: readonly string[];
  readonly customerManagedPolicies: readonly PolicyReference[];
  /** Canonical JSON text of the inline policy (keys in the order given). */
  readonly inlinePolicy?: string;
  readonly permissionsBoundary?: PermissionsBoundary;
}

/** One group (or user) that gets this permission set in one account. */
export interface PermissionSetAssignment {
  /**
   * The group's config key, or the user name when `principalType` is `USER` (part of the
   * logical name, so never an index or an ARN).
   */
  readonly groupKey: string;
  /** The group's (or user's) Identity Store ID. */
  readonly principalId: pulumi.Input<string>;
  /** 12-digit AWS account ID. */
  readonly accountId: string;
  /** `USER` assignments are named `<name>-user-assignment/<user>/<account>`. @default "GROUP" */
  readonly principalType?: "GROUP" | "USER";
  /** Provider import ID: adopt the existing assignment instead of creating it. */
  readonly importId?: string;
}

export interface PermissionSetArgs {
  /** The Identity Center instance ARN. */
  readonly instanceArn: pulumi.Input<string>;
  /** The permission set as configured; `spec.name` is its name in AWS. */
  readonly spec: PermissionSetSpec;
  /** Group assignments of this permission set; duplicates of (group, account) are ignored. */
  readonly assignments: readonly PermissionSetAssignment[];
  /**
   * Protect the permission set and its account assignments. A replaced permission set gets new
   * `AWSReservedSSO_<name>_<hash>` roles in every account (breaking EKS access entries and
   * trust policies); a deleted assignment cuts that group's access.
   * @default inherited from the parent (unprotected)
   */
  readonly protect?: boolean;
}

/** Assignment create/delete timeout: the provider's 5 minutes is too short under load (docs/scale.md). */
export const ASSIGNMENT_TIMEOUT_MINUTES = 15;
/** The provider's own provisioning timeout, the floor of {@link provisioningTimeout}. */
export const PROVISIONING_BASE_MINUTES = 10;
/** Budget per account a set is provisioned to (one role update per account, run in sequence). */
export const PROVISIONING_SECONDS_PER_ACCOUNT = 6;

/**
 * How long a re-provisioning of a permission set into `accounts` accounts may take before the
 * provider gives up: 10 minutes plus 6 s per account, in whole minutes (`"10m"` for up to 0
 * accounts, `"20m"` for 100, `"60m"` for 500). A Pulumi `customTimeouts` value.
 */
export function provisioningTimeout(accounts: number): string {
  const extra = Math.ceil((Math.max(0, accounts) * PROVISIONING_SECONDS_PER_ACCOUNT) / 60);
  return `${PROVISIONING_BASE_MINUTES + extra}m`;
}

/** IAM's default quota of managed policies per role (the permission set allows 20). */
export const ROLE_MANAGED_POLICY_QUOTA = 10;

/**
 * Warnings worth printing for a permission set that AWS accepts but may fail to provision:
 * more managed + customer-managed policies than a role takes by default.
 */
export function permissionSetWarnings(spec: PermissionSetSpec): string[] {
  const policies = spec.managedPolicies.length + spec.customerManagedPolicies.length;
  return policies > ROLE_MANAGED_POLICY_QUOTA
    ? [
        `permission set "${spec.name}": ${policies} managed and customer-managed policies; IAM allows ` +
          `${ROLE_MANAGED_POLICY_QUOTA} per role unless the quota is raised in every target account`,
      ]
    : [];
}

/**
 * Children (with `name` = this component's name):
 * `<name>-set` (the permission set), `<name>-managed-policy/<owner>/<path>/<policy>`,
 * `<name>-customer-policy/<path>/<policy>`, `<name>-inline-policy`, `<name>-boundary`, and
 * `<name>-assignment/<group key>/<account ID>` per assignment. Never combined with the
 * `*Exclusive` attachment resources, which would fight over the same policies.
 */
export class PermissionSet extends pulumi.ComponentResource {
  /** The permission set ARN. */
  readonly arn: pulumi.Output<string>;
  /** The permission set name in AWS (the `sso_role_name` of CLI profiles). */
  readonly permissionSetName: pulumi.Output<string>;

  constructor(name: string, args: PermissionSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:permission-set:PermissionSet", name, {}, opts);
    const spec = args.spec;
    for (const warning of permissionSetWarnings(spec)) pulumi.log.warn(warning, this);

    const accountCount = new Set(args.assignments.map((a) => a.accountId)).size;
    const provisioning = provisioningTimeout(accountCount);
    const permissionSet = new ssoadmin.PermissionSet(
      childName(name, "set"),
      {
        instanceArn: args.instanceArn,
        name: spec.name,
        sessionDuration: spec.sessionDuration,
        ...(spec.description === undefined ? {} : { description: spec.description }),
        ...(spec.relayState === undefined ? {} : { relayState: spec.relayState }),
        ...(Object.keys(spec.tags).length === 0 ? {} : { tags: { ...spec.tags } }),
      },
      // An update (description, session, relay state) re-provisions every account.
      {
        parent: this,
        protect: args.protect,
        customTimeouts: { update: provisioning },
        ...(spec.importId === undefined ? {} : { import: spec.importId }),
      },
    );
    const common = { instanceArn: args.instanceArn, permissionSetArn: permissionSet.arn };

    // Policies before assignments, and deleted with the set (see the file comment).
    const policies: pulumi.Resource[] = [];
    const attached: pulumi.CustomResourceOptions = {
      parent: this,
      deletedWith: permissionSet,
      customTimeouts: { create: provisioning, delete: provisioning },
    };
    for (const policyArn of [...new Set(spec.managedPolicies)].sort()) {
      policies.push(
        new ssoadmin.ManagedPolicyAttachment(
          childName(name, "managed-policy", ...managedPolicyKeys(policyArn)),
          { ...common, managedPolicyArn: policyArn },
          attached,
        ),
      );
    }
    const customerPolicies = new Map(
      spec.customerManagedPolicies.map((p) => [
        childName(name, "customer-policy", ...customerPolicyKeys(p)),
        p,
      ]),
    );
    for (const [resourceName, policy] of customerPolicies) {
      policies.push(
        new ssoadmin.CustomerManagedPolicyAttachment(
          resourceName,
          { ...common, customerManagedPolicyReference: { name: policy.name, path: policy.path } },
          attached,
        ),
      );
    }
    if (spec.inlinePolicy !== undefined) {
      // The provider's inline-policy update waits with the create timeout (one Put function).
      policies.push(
        new ssoadmin.PermissionSetInlinePolicy(
          childName(name, "inline-policy"),
          { ...common, inlinePolicy: spec.inlinePolicy },
          attached,
        ),
      );
    }
    const boundary = spec.permissionsBoundary;
    if (boundary !== undefined) {
      policies.push(
        new ssoadmin.PermissionsBoundaryAttachment(
          childName(name, "boundary"),
          {
            ...common,
            permissionsBoundary:
              boundary.customerManagedPolicy === undefined
                ? { managedPolicyArn: boundary.managedPolicyArn }
                : {
                    customerManagedPolicyReference: {
                      name: boundary.customerManagedPolicy.name,
                      path: boundary.customerManagedPolicy.path,
                    },
                  },
          },
          attached,
        ),
      );
    }

    const seen = new Set<string>();
    for (const assignment of args.assignments) {
      const principalType = assignment.principalType ?? "GROUP";
      // Users get their own role word: a user named like a group never collides with it.
      const role = principalType === "USER" ? "user-assignment" : "assignment";
      const resourceName = childName(name, role, assignment.groupKey, assignment.accountId);
      if (seen.has(resourceName)) continue;
      seen.add(resourceName);
      new ssoadmin.AccountAssignment(
        resourceName,
        {
          ...common,
          principalId: assignment.principalId,
          principalType,
          targetId: assignment.accountId,
          targetType: "AWS_ACCOUNT",
        },
        {
          parent: this,
          protect: args.protect,
          dependsOn: policies,
          ...(assignment.importId === undefined ? {} : { import: assignment.importId }),
          customTimeouts: {
            create: `${ASSIGNMENT_TIMEOUT_MINUTES}m`,
            delete: `${ASSIGNMENT_TIMEOUT_MINUTES}m`,
          },
        },
      );
    }

    this.arn = permissionSet.arn;
    this.permissionSetName = permissionSet.name;
    this.registerOutputs({ arn: this.arn, permissionSetName: this.permissionSetName });
  }
}
