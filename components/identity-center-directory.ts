/**
 * The Identity Store side of the stack: groups (created here, or looked up when an external
 * IdP syncs them by SCIM), users of the Identity Center directory, and group memberships.
 */
import * as pulumi from "@pulumi/pulumi";
import * as identitystore from "@pulumi/aws/identitystore";
import type { GroupSpec, UserSpec } from "../stacks/types";
import { childName } from "./naming";

export interface IdentityCenterDirectoryArgs {
  /** The identity store (`d-xxxxxxxxxx`), not the instance ARN. */
  readonly identityStoreId: pulumi.Input<string>;
  /**
   * Users to create, keyed by user name. Only for the Identity Center directory: users created
   * by API in an external-IdP directory are not synced back to the IdP.
   */
  readonly users: Readonly<Record<string, UserSpec>>;
  /** Groups keyed by config key; the key is the logical name, so it must never change. */
  readonly groups: Readonly<Record<string, GroupSpec>>;
  /**
   * Protect managed groups: deleting one and creating it again yields a new group ID, and every
   * Argo CD / Argo Workflows binding on the old ID silently stops matching.
   * Users and memberships are left unprotected so that off-boarding is one `pulumi up`.
   * @default inherited from the parent (unprotected)
   */
  readonly protect?: boolean;
}

/**
 * The message for a failed external-group lookup: "not found" (the usual cause: SCIM has not
 * synced the group yet, or the display name differs) or the provider's own reason otherwise.
 */
export function externalGroupError(
  key: string,
  displayName: string,
  identityStoreId: string,
  err: unknown,
): string {
  const reason = err instanceof Error ? err.message : String(err);
  if (/not ?found|no .*found/i.test(reason)) {
    return (
      `argo-sso:groups.${key}: external group "${displayName}" was not found in identity store ` +
      `${identityStoreId}; is SCIM provisioning done?`
    );
  }
  return `argo-sso:groups.${key}: looking up external group "${displayName}" in identity store ${identityStoreId} failed: ${reason}`;
}

/**
 * Managed groups become `identitystore.Group`s named `<name>-group/<key>` (display-name
 * changes update in place); external groups are read with `identitystore.getGroup` by
 * display name and fail with a message naming the group and its key when missing. Users are
 * `<name>-user/<user name>`, memberships `<name>-membership/<group key>/<user name>`.
 */
export class IdentityCenterDirectory extends pulumi.ComponentResource {
  /** Group config key → Identity Store group ID (created or looked up). */
  readonly groupIds: pulumi.Output<Record<string, string>>;
  /** User name → Identity Store user ID. */
  readonly userIds: pulumi.Output<Record<string, string>>;
  /**
   * The same group IDs, one `Output` per key, for wiring: a resource that takes one group's ID
   * then depends on that group only.
   */
  readonly groupIdByKey: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: IdentityCenterDirectoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:identity-center-directory:IdentityCenterDirectory", name, {}, opts);

    const userIdByName: Record<string, pulumi.Output<string>> = {};
    for (const userName of Object.keys(args.users).sort()) {
      const user = args.users[userName] as UserSpec;
      userIdByName[userName] = new identitystore.User(
        childName(name, "user", userName),
        {
          identityStoreId: args.identityStoreId,
          userName: user.userName,
          displayName: user.displayName,
          name: { givenName: user.givenName, familyName: user.familyName },
          ...(user.email === undefined ? {} : { emails: { value: user.email, primary: true } }),
        },
        { parent: this },
      ).userId;
    }

    const groupIdByKey: Record<string, pulumi.Output<string>> = {};
    for (const key of Object.keys(args.groups).sort()) {
      const group = args.groups[key] as GroupSpec;
      if (group.source === "external") {
        groupIdByKey[key] = this.lookUpExternalGroup(key, group.displayName, args.identityStoreId);
        continue;
      }
      const created = new identitystore.Group(
        childName(name, "group", key),
        {
          identityStoreId: args.identityStoreId,
          displayName: group.displayName,
          ...(group.description === undefined ? {} : { description: group.description }),
        },
        { parent: this, protect: args.protect },
      );
      groupIdByKey[key] = created.groupId;
      for (const member of [...new Set(group.members)].sort()) {
        const memberId = userIdByName[member];
        if (memberId === undefined) {
          throw new pulumi.RunError(`argo-sso:groups.${key}.members: unknown user "${member}"`);
        }
        new identitystore.GroupMembership(
          childName(name, "membership", key, member),
          { identityStoreId: args.identityStoreId, groupId: created.groupId, memberId },
          { parent: this },
        );
      }
    }

    this.groupIdByKey = groupIdByKey;
    this.groupIds = pulumi.output(groupIdByKey);
    this.userIds = pulumi.output(userIdByName);
    this.registerOutputs({ groupIds: this.groupIds, userIds: this.userIds });
  }

  /**
   * Reads a SCIM-synced group by display name. The invoke runs inside `apply` (an invoke, not a
   * resource) so that its failure can be turned into a one-line error without a stack trace.
   */
  private lookUpExternalGroup(
    key: string,
    displayName: string,
    identityStoreId: pulumi.Input<string>,
  ): pulumi.Output<string> {
    return pulumi.output(identityStoreId).apply(async (storeId) => {
      try {
        const found = await identitystore.getGroup(
          {
            identityStoreId: storeId,
            alternateIdentifier: {
              uniqueAttribute: { attributePath: "DisplayName", attributeValue: displayName },
            },
          },
          { parent: this },
        );
        return found.groupId;
      } catch (err) {
        throw new pulumi.RunError(externalGroupError(key, displayName, storeId, err));
      }
    });
  }
}
