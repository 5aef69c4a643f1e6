/**
 * The Identity Store side of the stack: groups (created here, or looked up when an external
 * IdP syncs them by SCIM), users of the Identity Center directory, and group memberships.
 */
import * as pulumi from "@pulumi/pulumi";
import * as identitystore from "@pulumi/aws/identitystore";
import type { GroupPin, GroupSpec, UserSpec } from "./identity-center-types";
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
  /**
   * Group config key → group ID, from the stack that owns Identity Center (its `groupIds`
   * output), for groups with `source: owner` (a cluster stack).
   * @default none (an `owner` group then fails the run with its key)
   */
  readonly ownerGroupIds?: pulumi.Input<Record<string, string>>;
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

/** The message when a pinned external group's display name is not the configured one. */
export function pinMismatchError(key: string, pin: GroupPin, found: string): string {
  const by =
    pin.groupId !== undefined
      ? `groupId ${pin.groupId}`
      : `externalId ${pin.externalId?.issuer}/${pin.externalId?.id}`;
  return (
    `argo-sso:groups.${key}.displayName: the group pinned by ${by} is named "${found}" in Identity Center, ` +
    `not "${pin.displayName}"; fix the pin, or update displayName (or remove it: the pin alone identifies the group)`
  );
}

/** The lookup arguments of `identitystore.getGroup` for an external group: by pin, else by display name. */
export function externalGroupQuery(
  identityStoreId: string,
  group: Pick<GroupSpec, "displayName" | "pin">,
): identitystore.GetGroupArgs {
  const pin = group.pin;
  if (pin?.groupId !== undefined) return { identityStoreId, groupId: pin.groupId };
  if (pin?.externalId !== undefined) {
    return {
      identityStoreId,
      alternateIdentifier: { externalId: { issuer: pin.externalId.issuer, id: pin.externalId.id } },
    };
  }
  return {
    identityStoreId,
    alternateIdentifier: {
      uniqueAttribute: { attributePath: "DisplayName", attributeValue: group.displayName },
    },
  };
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
  /** User name → user ID, one `Output` per user (created or looked up), for wiring. */
  readonly userIdByName: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: IdentityCenterDirectoryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("argo-sso:identity-center-directory:IdentityCenterDirectory", name, {}, opts);

    const userIdByName: Record<string, pulumi.Output<string>> = {};
    for (const userName of Object.keys(args.users).sort()) {
      const user = args.users[userName] as UserSpec;
      if (user.source === "existing") {
        userIdByName[userName] = this.lookUpUser(userName, args.identityStoreId);
        continue;
      }
      userIdByName[userName] = new identitystore.User(
        childName(name, "user", userName),
        {
          identityStoreId: args.identityStoreId,
          userName: user.userName,
          displayName: user.displayName,
          name: { givenName: user.givenName, familyName: user.familyName },
          ...(user.email === undefined ? {} : { emails: { value: user.email, primary: true } }),
        },
        { parent: this, ...(user.importId === undefined ? {} : { import: user.importId }) },
      ).userId;
    }

    const groupIdByKey: Record<string, pulumi.Output<string>> = {};
    for (const key of Object.keys(args.groups).sort()) {
      const group = args.groups[key] as GroupSpec;
      if (group.source === "external") {
        groupIdByKey[key] = this.lookUpExternalGroup(key, group, args.identityStoreId);
        continue;
      }
      if (group.source === "owner") {
        groupIdByKey[key] = ownerGroupId(key, args.ownerGroupIds);
        continue;
      }
      const created = new identitystore.Group(
        childName(name, "group", key),
        {
          identityStoreId: args.identityStoreId,
          displayName: group.displayName,
          ...(group.description === undefined ? {} : { description: group.description }),
        },
        {
          parent: this,
          protect: args.protect,
          ...(group.importId === undefined ? {} : { import: group.importId }),
        },
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
    this.userIdByName = userIdByName;
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
    group: GroupSpec,
    identityStoreId: pulumi.Input<string>,
  ): pulumi.Output<string> {
    const described = group.pin?.groupId ?? group.pin?.externalId?.id ?? group.displayName;
    return pulumi.output(identityStoreId).apply(async (storeId) => {
      let found: identitystore.GetGroupResult;
      try {
        found = await identitystore.getGroup(externalGroupQuery(storeId, group), { parent: this });
      } catch (err) {
        throw new pulumi.RunError(externalGroupError(key, described, storeId, err));
      }
      // A pin and a display name that disagree mean one of them is stale: refuse to guess.
      if (group.pin?.displayName !== undefined && found.displayName !== group.pin.displayName) {
        throw new pulumi.RunError(pinMismatchError(key, group.pin, found.displayName));
      }
      return found.groupId;
    });
  }

  /** Reads an existing directory user (synced by SCIM, Google Workspace, or made elsewhere) by user name. */
  private lookUpUser(userName: string, identityStoreId: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.output(identityStoreId).apply(async (storeId) => {
      try {
        const found = await identitystore.getUser(
          {
            identityStoreId: storeId,
            alternateIdentifier: { uniqueAttribute: { attributePath: "UserName", attributeValue: userName } },
          },
          { parent: this },
        );
        return found.userId;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new pulumi.RunError(
          /not ?found|no .*found/i.test(reason)
            ? `argo-sso:users.${userName}: existing user "${userName}" was not found in identity store ${storeId}; is it synced yet?`
            : `argo-sso:users.${userName}: looking up existing user "${userName}" in identity store ${storeId} failed: ${reason}`,
        );
      }
    });
  }
}

/** A group of the owner stack, by key, or a run error naming the key and what the owner has. */
function ownerGroupId(
  key: string,
  ownerGroupIds: pulumi.Input<Record<string, string>> | undefined,
): pulumi.Output<string> {
  return pulumi.output(ownerGroupIds ?? {}).apply((ids) => {
    const id = Object.prototype.hasOwnProperty.call(ids, key) ? ids[key] : undefined;
    if (typeof id !== "string") {
      const known = Object.keys(ids).sort().join(", ") || "none";
      throw new pulumi.RunError(
        `argo-sso:groups.${key}: the owner stack's groupIds output has no group "${key}" (known: ${known}); use the owner's group key, or source: external`,
      );
    }
    return id;
  });
}
