/**
 * Identifier shapes and import IDs (components/import-ids.ts), with every accepted and refused
 * example written out. Patterns are the AWS APIs': IdentityStore `GroupId` / `UserId` and SSO
 * Admin `PrincipalId` (`([0-9a-f]{10}-|)` + a GUID), IdentityStore `IdentityStoreId`
 * (`d-[0-9a-f]{10}`), SSO Admin `PermissionSetArn` / `InstanceArn` (`(sso)?ins-` + 16 of
 * `[a-zA-Z0-9-.]`, `ps-` + 16 of `[a-zA-Z0-9-./]`; API reference, `AccountAssignment`), and
 * Organizations `OrganizationalUnitId` (`^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$`). Import ID forms:
 * @pulumi/aws 7.48.0 `identitystore/group.d.ts` (`d-.../<id>`), `ssoadmin/permissionSet.d.ts`
 * (`<set ARN>,<instance ARN>`), `ssoadmin/accountAssignment.d.ts` (six comma-separated parts).
 */
import { expect } from "chai";
import {
  accountAssignmentImportId,
  DIRECTORY_IMPORT_ID,
  IDENTITY_STORE_OBJECT_ID,
  knownPrincipalId,
  ORGANIZATIONAL_UNIT_ID,
  parseDirectoryImportId,
  parsePermissionSetImportId,
  PERMISSION_SET_IMPORT_ID,
} from "../../components/import-ids";
import type { GroupSpec, UserSpec } from "../../components/identity-center-types";

// The GUID of the SSO Admin API reference's PrincipalId example.
const GUID = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
const SET = "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef";
const INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef";

const matches = (pattern: RegExp, texts: string[]) => texts.map((t) => pattern.test(t));

describe("components/import-ids", () => {
  it("accepts Identity Store object IDs: a GUID in either case, optionally after 10 lowercase hex digits", () => {
    expect(
      matches(IDENTITY_STORE_OBJECT_ID, [
        GUID,
        "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6",
        `90677c4b81-${GUID}`,
        `9067-${GUID}`,
        `90677C4B81-${GUID}`,
        `90677c4b811-${GUID}`,
        `x${GUID}`,
        `${GUID}0`,
        "f81d4fa-7dec-11d0-a765-00a0c91e6bf6",
        "f81d4fae-7de-11d0-a765-00a0c91e6bf6",
        "f81d4fae-7dec-11d-a765-00a0c91e6bf6",
        "f81d4fae-7dec-11d0-a76-00a0c91e6bf6",
        "f81d4fae-7dec-11d0-a765-00a0c91e6bf",
        "g81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "f81d4fae7dec11d0a76500a0c91e6bf6",
      ]),
    ).to.deep.equal([
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("reads a group or user import ID as <identity store ID>/<object ID>", () => {
    expect(parseDirectoryImportId(`d-1234567890/${GUID}`)).to.deep.equal({
      identityStoreId: "d-1234567890",
      objectId: GUID,
    });
    expect(parseDirectoryImportId(`d-90abcdef12/90677c4b81-${GUID}`)).to.deep.equal({
      identityStoreId: "d-90abcdef12",
      objectId: `90677c4b81-${GUID}`,
    });
    const refused = [
      `d-123456789/${GUID}`,
      `d-12345678901/${GUID}`,
      `d-ABCDEF1234/${GUID}`,
      `x-1234567890/${GUID}`,
      `ad-1234567890/${GUID}`,
      `d-1234567890/${GUID}x`,
      `d-1234567890,${GUID}`,
      `d-1234567890/9067-${GUID}`,
      GUID,
    ];
    expect(refused.map(parseDirectoryImportId)).to.deep.equal(refused.map(() => undefined));
    expect(matches(DIRECTORY_IMPORT_ID, [`d-1234567890/${GUID}`, ...refused])).to.deep.equal([
      true,
      ...refused.map(() => false),
    ]);
  });

  it("reads a permission-set import ID as <set ARN>,<instance ARN> of one instance", () => {
    expect(parsePermissionSetImportId(`${SET},${INSTANCE}`)).to.deep.equal({
      permissionSetArn: SET,
      instanceArn: INSTANCE,
    });
    const gov =
      "arn:aws-us-gov:sso:::permissionSet/ins-a1b2.c3d4-e5f6g7/ps-a1/b2.c3-d4e5f6g,arn:aws-us-gov:sso:::instance/ins-a1b2.c3d4-e5f6g7";
    expect(parsePermissionSetImportId(gov)).to.deep.equal({
      permissionSetArn: "arn:aws-us-gov:sso:::permissionSet/ins-a1b2.c3d4-e5f6g7/ps-a1/b2.c3-d4e5f6g",
      instanceArn: "arn:aws-us-gov:sso:::instance/ins-a1b2.c3d4-e5f6g7",
    });
  });

  it("refuses a permission-set import ID of another shape, or whose two instances differ", () => {
    const refused = [
      // The set's instance is not the instance named.
      `${SET},arn:aws:sso:::instance/ssoins-fedcba0987654321`,
      `${SET},arn:aws:sso:::instance/ins-1234567890abcdef`,
      // 15 and 17 characters after ins- / ps-.
      "arn:aws:sso:::permissionSet/ssoins-1234567890abcde/ps-0123456789abcdef,arn:aws:sso:::instance/ssoins-1234567890abcde",
      "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcde,arn:aws:sso:::instance/ssoins-1234567890abcdef",
      "arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef0,arn:aws:sso:::instance/ssoins-1234567890abcdef",
      // A slash is allowed in the set's part only.
      "arn:aws:sso:::permissionSet/ssoins-1234567890abcd/f/ps-0123456789abcdef,arn:aws:sso:::instance/ssoins-1234567890abcd/f",
      SET,
      INSTANCE,
      `${INSTANCE},${SET}`,
      `${SET} ,${INSTANCE}`,
      `x${SET},${INSTANCE}`,
      `${SET},${INSTANCE}x`,
      `${SET.replace("arn:aws:", "arn:AWS:")},${INSTANCE.replace("arn:aws:", "arn:AWS:")}`,
      `${SET.replace(":sso:::", ":sso::123456789012:")},${INSTANCE}`,
    ];
    expect(refused.map(parsePermissionSetImportId)).to.deep.equal(refused.map(() => undefined));
    // The pattern alone accepts two different instances; only the parse refuses them.
    expect(matches(PERMISSION_SET_IMPORT_ID, [`${SET},${INSTANCE}`, refused[0] as string])).to.deep.equal([
      true,
      true,
    ]);
    expect(matches(PERMISSION_SET_IMPORT_ID, refused.slice(2))).to.deep.equal(
      refused.slice(2).map(() => false),
    );
  });

  it("accepts organizational unit IDs as Organizations defines them", () => {
    const ok = ["ou-ab12-workload1", "ou-abcd-12345678", `ou-${"a".repeat(32)}-${"1".repeat(32)}`];
    const refused = [
      "ou-abc-12345678",
      "ou-abcd-1234567",
      `ou-${"a".repeat(33)}-12345678`,
      `ou-abcd-${"1".repeat(33)}`,
      "ou-ABCD-12345678",
      "ou-abcd-1234567A",
      "xou-abcd-12345678",
      "ou-abcd-12345678 ",
      "ou-abcd12345678",
      "r-abcd",
      "123456789012",
    ];
    expect(matches(ORGANIZATIONAL_UNIT_ID, [...ok, ...refused])).to.deep.equal([
      ...ok.map(() => true),
      ...refused.map(() => false),
    ]);
  });

  it("builds an account assignment's import ID in the provider's six-part order", () => {
    expect(
      accountAssignmentImportId({
        principalId: GUID,
        principalType: "USER",
        accountId: "123456789012",
        permissionSetArn: SET,
        instanceArn: INSTANCE,
      }),
    ).to.equal(
      "f81d4fae-7dec-11d0-a765-00a0c91e6bf6,USER,123456789012,AWS_ACCOUNT,arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef,arn:aws:sso:::instance/ssoins-1234567890abcdef",
    );
  });

  describe("knownPrincipalId", () => {
    const group = (extra: Partial<GroupSpec>): GroupSpec => ({
      key: "platform",
      displayName: "platform",
      source: "managed",
      members: [],
      aws: [],
      ...extra,
    });
    const user = (extra: Partial<UserSpec>): UserSpec => ({
      userName: "ada@example.com",
      displayName: "Ada",
      givenName: "Ada",
      familyName: "Lovelace",
      ...extra,
    });

    it("takes the object ID of a group's or user's import ID", () => {
      expect(knownPrincipalId(group({ importId: `d-1234567890/${GUID}` }))).to.equal(GUID);
      expect(knownPrincipalId(user({ importId: `d-1234567890/90677c4b81-${GUID}` }))).to.equal(
        `90677c4b81-${GUID}`,
      );
    });

    it("takes an external group's groupId pin, and the import ID before it", () => {
      const pinned = "0a1b2c3d-0000-4000-8000-000000000009";
      expect(knownPrincipalId(group({ source: "external", pin: { groupId: pinned } }))).to.equal(pinned);
      expect(
        knownPrincipalId(group({ importId: `d-1234567890/${GUID}`, pin: { groupId: pinned } })),
      ).to.equal(GUID);
    });

    it("knows nothing before a run for a lookup by external ID, a plain group or user, or an unreadable import ID", () => {
      expect([
        knownPrincipalId(group({ source: "external", pin: { externalId: { issuer: "scim", id: "42" } } })),
        knownPrincipalId(group({})),
        knownPrincipalId(user({})),
        knownPrincipalId(group({ importId: GUID })),
        knownPrincipalId(user({ importId: `d-1234567890/${GUID}/x` })),
      ]).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
    });
  });
});
