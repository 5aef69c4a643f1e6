/**
 * One IAM Identity Center permission set with its policies and its account assignments.
 *
 * The assignments live here, beside the permission set they use, because the policy
 * attachments must depend on them: destroying an attachment re-provisions the permission set
 * into every assigned account, so attachments have to go before the assignments do (provider
 * docs of `ssoadmin.ManagedPolicyAttachment`, "With Account Assignment").
 */
import * as pulumi from "@pulumi/pulumi";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import type { PermissionSetSpec } from "../stacks/types";
import { childName, customerPolicyKeys, managedPolicyKeys } from "./naming";

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
      {
        parent: this,
        protect: args.protect,
        ...(spec.importId === undefined ? {} : { import: spec.importId }),
      },
    );
    const common = { instanceArn: args.instanceArn, permissionSetArn: permissionSet.arn };

    const assignments: ssoadmin.AccountAssignment[] = [];
    const seen = new Set<string>();
    for (const assignment of args.assignments) {
      const principalType = assignment.principalType ?? "GROUP";
      // Users get their own role word: a user named like a group never collides with it.
      const role = principalType === "USER" ? "user-assignment" : "assignment";
      const resourceName = childName(name, role, assignment.groupKey, assignment.accountId);
      if (seen.has(resourceName)) continue;
      seen.add(resourceName);
      assignments.push(
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
            ...(assignment.importId === undefined ? {} : { import: assignment.importId }),
          },
        ),
      );
    }

    // Attachments after assignments: on destroy they are removed first (see the file comment).
    const attached = { parent: this, dependsOn: assignments };
    for (const policyArn of [...new Set(spec.managedPolicies)].sort()) {
      new ssoadmin.ManagedPolicyAttachment(
        childName(name, "managed-policy", ...managedPolicyKeys(policyArn)),
        { ...common, managedPolicyArn: policyArn },
        attached,
      );
    }
    const customerPolicies = new Map(
      spec.customerManagedPolicies.map((p) => [
        childName(name, "customer-policy", ...customerPolicyKeys(p)),
        p,
      ]),
    );
    for (const [resourceName, policy] of customerPolicies) {
      new ssoadmin.CustomerManagedPolicyAttachment(
        resourceName,
        { ...common, customerManagedPolicyReference: { name: policy.name, path: policy.path } },
        attached,
      );
    }
    if (spec.inlinePolicy !== undefined) {
      new ssoadmin.PermissionSetInlinePolicy(
        childName(name, "inline-policy"),
        { ...common, inlinePolicy: spec.inlinePolicy },
        attached,
      );
    }
    const boundary = spec.permissionsBoundary;
    if (boundary !== undefined) {
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
      );
    }

    this.arn = permissionSet.arn;
    this.permissionSetName = permissionSet.name;
    this.registerOutputs({ arn: this.arn, permissionSetName: this.permissionSetName });
  }
}
