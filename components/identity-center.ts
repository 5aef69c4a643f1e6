/**
 * The AWS IAM Identity Center half of argo-sso: groups, users, permission sets, account
 * assignments and the SAML application's group assignments, plus the values people need
 * afterwards (group IDs for Argo RBAC, an AWS CLI config, the console values for the SAML app).
 *
 * The AWS provider must be the Identity Center home region's; pass it through `opts`
 * (`providers: [aws]` or `provider: aws`). It reaches every child and every invoke.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import type { Deployer, GroupSpec, UserSpec } from "./identity-center-types";
import { buildAwsCliConfig } from "./aws-cli-config";
import { IdentityCenterDirectory } from "./identity-center-directory";
import {
  argoGroupKeys,
  awsCliGrants,
  identityCenterProblems,
  planAccountAssignments,
  planUserAssignments,
  type AssignmentPlan,
} from "./identity-center-plan";
import { accountAssignmentImportId, knownPrincipalId, parsePermissionSetImportId } from "./import-ids";
import { childName } from "./naming";
import { PermissionSet, type PermissionSetAssignment, type PermissionSetSpec } from "./permission-set";
import { SamlAppAccess } from "./saml-app-access";
import { buildSamlApplicationSetup, type SamlApplicationSetup } from "./saml-app-setup";

export interface IdentityCenterArgs {
  /** The instance ARN. @default discovered with `ssoadmin.getInstances` */
  readonly instanceArn?: pulumi.Input<string>;
  /** The identity store ID (`d-xxxxxxxxxx`). @default discovered with `ssoadmin.getInstances` */
  readonly identityStoreId?: pulumi.Input<string>;
  /** The access portal URL when an alias is set. @default `https://<identityStoreId>.awsapps.com/start` */
  readonly accessPortalUrl?: string;
  /** The Identity Center home region (`sso_region` and profile `region` in the CLI config). */
  readonly region: string;
  /** Friendly account name → 12-digit ID; used only to name CLI profiles. */
  readonly accounts: Readonly<Record<string, string>>;
  /** Permission sets keyed by name. */
  readonly permissionSets: Readonly<Record<string, PermissionSetSpec>>;
  /** Identity Center directory users keyed by user name (empty with an external IdP). */
  readonly users: Readonly<Record<string, UserSpec>>;
  /** Groups keyed by config key (the stable logical name). */
  readonly groups: Readonly<Record<string, GroupSpec>>;
  /** ARN of the custom SAML 2.0 application created once in the console. */
  readonly samlApplicationArn: string;
  /** Argo CD's external URL without a trailing slash, for {@link IdentityCenter.samlApplicationSetup}. */
  readonly argocdUrl: string;
  /**
   * Protect managed groups, permission sets and account assignments (see docs/identity-center.md).
   * @default false (unless the component itself is created with `protect` in its options)
   */
  readonly protect?: boolean;
  /**
   * Group key → group ID from the stack that owns Identity Center, for `source: owner` groups
   * (a cluster stack's `StackReference` to the owner's `groupIds` output).
   */
  readonly ownerGroupIds?: pulumi.Input<Record<string, string>>;
  /**
   * Who runs `pulumi up`. With `delegatedAdmin`, grants into `managementAccountId` (and the
   * permission sets granted there) are refused: a delegated administrator cannot make them.
   * @default "management"
   */
  readonly deployer?: Deployer;
  /** The organization's management account ID (checked only with `deployer: delegatedAdmin`). */
  readonly managementAccountId?: string;
  /** Name of the `[sso-session ...]` in {@link IdentityCenter.awsCliConfig}. @default "argo-sso" */
  readonly awsCliSessionName?: string;
}

/**
 * Children, for a component named `<name>`:
 * - `<name>-directory` ({@link IdentityCenterDirectory}): groups, users, memberships;
 * - `<name>-permission-set/<permission set>` ({@link PermissionSet}) for every permission set,
 *   holding its policies and its account assignments `...-assignment/<group>/<account>`;
 * - `<name>-saml-app` ({@link SamlAppAccess}): the SAML application's group assignments, for
 *   exactly the groups with an `argocd` or `workflows` role.
 *
 * Every name is derived from config keys only, so adding an account, group or permission set
 * never renames or re-parents an existing resource.
 */
export class IdentityCenter extends pulumi.ComponentResource {
  /** Group config key → Identity Store group ID (what `${user:groups}` carries). */
  readonly groupIds: pulumi.Output<Record<string, string>>;
  /** User name → Identity Store user ID (created or looked up). */
  readonly userIds: pulumi.Output<Record<string, string>>;
  /**
   * Group config key → that group's ID alone: a consumer of one ID depends on one group, not on
   * all of them (hundreds of groups would otherwise give a quadratic number of dependencies).
   */
  readonly groupIdByKey: Readonly<Record<string, pulumi.Output<string>>>;
  /** Permission-set name → ARN. */
  readonly permissionSetArns: pulumi.Output<Record<string, string>>;
  readonly identityStoreId: pulumi.Output<string>;
  readonly instanceArn: pulumi.Output<string>;
  /** The AWS access portal URL (the CLI's `sso_start_url`). */
  readonly accessPortalUrl: pulumi.Output<string>;
  /** A ready `~/.aws/config`: one `sso-session` and a profile per granted (account, permission set). */
  readonly awsCliConfig: pulumi.Output<string>;
  /** The values to type into the console for the SAML application. */
  readonly samlApplicationSetup: pulumi.Output<SamlApplicationSetup>;

  constructor(name: string, args: IdentityCenterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Checked before anything is registered: bad input never declares half a directory.
    const problems = identityCenterProblems(args);
    if (problems.length > 0) {
      throw new pulumi.RunError(`invalid Identity Center configuration:\n  ${problems.join("\n  ")}`);
    }
    super("argo-sso:identity-center:IdentityCenter", name, {}, opts);

    const { instanceArn, identityStoreId } = this.resolveInstance(args);

    const directory = new IdentityCenterDirectory(
      childName(name, "directory"),
      // A configured ID stays a plain string: an Output input costs every child an extra await.
      {
        identityStoreId: args.identityStoreId ?? identityStoreId,
        users: args.users,
        groups: args.groups,
        protect: args.protect,
        ...(args.ownerGroupIds === undefined ? {} : { ownerGroupIds: args.ownerGroupIds }),
      },
      { parent: this },
    );

    const byPermissionSet = groupBy(
      [...planAccountAssignments(args.groups), ...planUserAssignments(args.users)],
      (plan) => plan.permissionSet,
    );
    const permissionSetArns: Record<string, pulumi.Output<string>> = {};
    for (const key of Object.keys(args.permissionSets).sort()) {
      const spec = args.permissionSets[key] as PermissionSetSpec;
      const assignments = (byPermissionSet.get(key) ?? []).map((plan): PermissionSetAssignment => {
        const user = plan.principalType === "USER";
        const importId = plan.adopt === true ? adoptedAssignmentId(plan, args, spec) : undefined;
        return {
          groupKey: plan.groupKey,
          principalId: (user ? directory.userIdByName : directory.groupIdByKey)[
            plan.groupKey
          ] as pulumi.Output<string>,
          accountId: plan.accountId,
          ...(user ? { principalType: "USER" as const } : {}),
          ...(importId === undefined ? {} : { importId }),
        };
      });
      permissionSetArns[key] = new PermissionSet(
        childName(name, "permission-set", key),
        {
          instanceArn: args.instanceArn ?? instanceArn,
          spec,
          assignments,
          protect: args.protect,
        },
        { parent: this },
      ).arn;
    }

    const argoGroupIds: Record<string, pulumi.Output<string>> = {};
    for (const key of argoGroupKeys(args.groups))
      argoGroupIds[key] = directory.groupIdByKey[key] as pulumi.Output<string>;
    new SamlAppAccess(
      childName(name, "saml-app"),
      { applicationArn: args.samlApplicationArn, groupIds: argoGroupIds },
      { parent: this },
    );

    const grants = awsCliGrants(args.groups, args.accounts, args.users);
    const sessionName = args.awsCliSessionName ?? "argo-sso";
    this.instanceArn = instanceArn;
    this.identityStoreId = identityStoreId;
    this.groupIds = directory.groupIds;
    this.userIds = directory.userIds;
    this.groupIdByKey = directory.groupIdByKey;
    this.permissionSetArns = pulumi.output(permissionSetArns);
    this.accessPortalUrl =
      args.accessPortalUrl === undefined
        ? pulumi.interpolate`https://${identityStoreId}.awsapps.com/start`
        : pulumi.output(args.accessPortalUrl);
    this.awsCliConfig = this.accessPortalUrl.apply((startUrl) =>
      buildAwsCliConfig({ startUrl, region: args.region, sessionName, grants }),
    );
    this.samlApplicationSetup = pulumi.output(buildSamlApplicationSetup(args.argocdUrl));
    this.registerOutputs({
      groupIds: this.groupIds,
      userIds: this.userIds,
      permissionSetArns: this.permissionSetArns,
      identityStoreId: this.identityStoreId,
      instanceArn: this.instanceArn,
      accessPortalUrl: this.accessPortalUrl,
      awsCliConfig: this.awsCliConfig,
      samlApplicationSetup: this.samlApplicationSetup,
    });
  }

  /** The configured instance, or the one `getInstances` reports (only invoked when needed). */
  private resolveInstance(args: IdentityCenterArgs): {
    instanceArn: pulumi.Output<string>;
    identityStoreId: pulumi.Output<string>;
  } {
    if (args.instanceArn !== undefined && args.identityStoreId !== undefined) {
      return {
        instanceArn: pulumi.output(args.instanceArn),
        identityStoreId: pulumi.output(args.identityStoreId),
      };
    }
    const found = ssoadmin.getInstancesOutput({}, { parent: this }).apply((result) => {
      const arn = result.arns[0];
      const storeId = result.identityStoreIds[0];
      if (arn === undefined || storeId === undefined) {
        throw new pulumi.RunError(
          `argo-sso:identityCenter: no IAM Identity Center instance is visible in ${args.region}; ` +
            `enable Identity Center in its home region and use that region for the aws provider`,
        );
      }
      return { arn, storeId };
    });
    return {
      instanceArn: args.instanceArn === undefined ? found.arn : pulumi.output(args.instanceArn),
      identityStoreId:
        args.identityStoreId === undefined ? found.storeId : pulumi.output(args.identityStoreId),
    };
  }
}

/**
 * The import ID of an assignment to adopt, from config alone (the principal's import ID or pin
 * and the permission set's import ID); the config loader refuses `import: true` without them.
 */
function adoptedAssignmentId(
  plan: AssignmentPlan,
  args: IdentityCenterArgs,
  spec: PermissionSetSpec,
): string | undefined {
  const owner = plan.principalType === "USER" ? args.users[plan.groupKey] : args.groups[plan.groupKey];
  const principalId = owner === undefined ? undefined : knownPrincipalId(owner);
  const set = spec.importId === undefined ? undefined : parsePermissionSetImportId(spec.importId);
  if (principalId === undefined || set === undefined) return undefined;
  return accountAssignmentImportId({
    principalId,
    principalType: plan.principalType ?? "GROUP",
    accountId: plan.accountId,
    permissionSetArn: set.permissionSetArn,
    instanceArn: set.instanceArn,
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

export type { SamlApplicationSetup };
