import { expect } from "chai";
import { externalGroupError, IdentityCenterDirectory } from "../../components/identity-center-directory";
import type { GroupSpec, UserSpec } from "../../components/identity-center-types";
import { findCreated, ofType } from "../support/capture";
import { group, runComponent, user } from "./identity-center.fixture";

const GROUP = "aws:identitystore/group:Group";
const USER = "aws:identitystore/user:User";
const MEMBERSHIP = "aws:identitystore/groupMembership:GroupMembership";
const DIRECTORY = "argo-sso:identity-center-directory:IdentityCenterDirectory::dir";

const users: Record<string, UserSpec> = {
  "alice@example.com": user("alice@example.com", { email: "alice@example.com" }),
  bob: user("bob", { displayName: "Bob Roe", givenName: "Bob", familyName: "Roe" }),
};
const groups: Record<string, GroupSpec> = {
  "platform-admins": group("platform-admins", {
    displayName: "Platform Admins",
    description: "Platform engineers",
    members: ["alice@example.com", "bob"],
  }),
  developers: group("developers", { displayName: "Developers", source: "external" }),
};

function runDirectory(
  extra: { groups?: Record<string, GroupSpec>; protect?: boolean } = {},
  missingExternalGroups: string[] = [],
) {
  return runComponent(
    (provider) => {
      const directory = new IdentityCenterDirectory(
        "dir",
        { identityStoreId: "d-1234567890", users, groups: extra.groups ?? groups, protect: extra.protect },
        { providers: [provider] },
      );
      return { groupIds: directory.groupIds, userIds: directory.userIds };
    },
    { missingExternalGroups },
  );
}

describe("components/identity-center-directory", () => {
  it("creates a managed group named by its config key, with display name and description", async () => {
    const { run } = await runDirectory();
    const created = findCreated(run, GROUP, "dir-group/platform-admins");
    expect(created.inputs).to.deep.include({
      identityStoreId: "d-1234567890",
      displayName: "Platform Admins",
      description: "Platform engineers",
    });
  });

  it("keeps the logical name when the display name changes, so the group is updated in place", async () => {
    const renamed = {
      ...groups,
      "platform-admins": { ...groups["platform-admins"]!, displayName: "Platform Team" },
    };
    const before = await runDirectory();
    const after = await runDirectory({ groups: renamed });
    const urn = (r: typeof before) => findCreated(r.run, GROUP, "dir-group/platform-admins").urn;
    expect(urn(after)).to.equal(urn(before));
  });

  it("looks up an external group by display name instead of creating it", async () => {
    const { run, invokes } = await runDirectory();
    expect(ofType(run, GROUP).map((r) => r.name)).to.deep.equal(["dir-group/platform-admins"]);
    const lookup = invokes.find((i) => i.token === "aws:identitystore/getGroup:getGroup");
    expect(lookup?.args).to.deep.equal({
      identityStoreId: "d-1234567890",
      alternateIdentifier: {
        uniqueAttribute: { attributePath: "DisplayName", attributeValue: "Developers" },
      },
    });
  });

  it("reports the ID of every group, created or looked up", async () => {
    const { run } = await runDirectory();
    // The mock's IDs, written out: the GUID-shaped sha256 of "external-group:Developers" and of
    // "group:dir-group/platform-admins" (scripts/lib/mock-runtime.ts fakeGuid, computed with python3).
    expect(run.outputs.groupIds).to.deep.equal({
      developers: "4ef9b8e4-3944-55cc-62d4-232404560ad1",
      "platform-admins": "9e2ddecd-49c9-f834-0d0e-0e40f3f62c77",
    });
  });

  it("fails with a message naming a missing external group and its config key", async () => {
    const error = await runDirectory({}, ["Developers"]).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(error?.message).to.match(
      /argo-sso:groups\.developers: external group "Developers" was not found in identity store d-1234567890; is SCIM provisioning done\?$/,
    );
    expect(error?.constructor.name).to.equal("RunError");
  });

  it("creates users with their name parts and a primary email when one is set", async () => {
    const { run } = await runDirectory();
    expect(findCreated(run, USER, "dir-user/alice@example.com").inputs).to.deep.equal({
      identityStoreId: "d-1234567890",
      userName: "alice@example.com",
      displayName: "Alice Doe",
      name: { givenName: "Alice", familyName: "Doe" },
      emails: { value: "alice@example.com", primary: true },
    });
    expect(findCreated(run, USER, "dir-user/bob").inputs).to.not.have.property("emails");
  });

  it("adds each member of a managed group with the group's and the user's IDs", async () => {
    const { run } = await runDirectory();
    const membership = findCreated(run, MEMBERSHIP, "dir-membership/platform-admins/alice@example.com");
    expect(membership.inputs).to.deep.equal({
      identityStoreId: "d-1234567890",
      groupId: "9e2ddecd-49c9-f834-0d0e-0e40f3f62c77", // the group dir-group/platform-admins (above)
      memberId: "1afb304f-6b41-a49e-e49d-6c8f5dcd1569", // fakeGuid("user:dir-user/alice@example.com")
    });
    expect(ofType(run, MEMBERSHIP)).to.have.length(2);
  });

  it("parents every child to the directory and sends it to the explicit provider", async () => {
    const { run } = await runDirectory();
    const children = run.resources.filter((r) => r.type.startsWith("aws:"));
    expect(children).to.have.length(5);
    for (const child of children) {
      expect(child.parent, child.name).to.equal(DIRECTORY);
      expect(child.provider, child.name).to.equal("pulumi:providers:aws::aws");
    }
  });

  it("sends the external lookup to the explicit provider", async () => {
    const { invokes } = await runDirectory();
    expect(invokes).to.have.length(1);
    expect(invokes[0]?.provider).to.match(/^urn:pulumi:.*::pulumi:providers:aws::aws::/);
  });

  it("protects managed groups, and only them, when asked", async () => {
    const { run } = await runDirectory({ protect: true });
    const protectedNames = run.resources.filter((r) => r.protect).map((r) => r.name);
    expect(protectedNames).to.deep.equal(["dir-group/platform-admins"]);
  });

  it("protects nothing by default", async () => {
    const { run } = await runDirectory();
    expect(run.resources.filter((r) => r.protect)).to.deep.equal([]);
  });

  describe("externalGroupError", () => {
    it("explains a not-found failure as missing SCIM provisioning", () => {
      const err = new Error("reading IdentityStore Group (d-1): ResourceNotFoundException: GROUP not found");
      expect(externalGroupError("dev", "Dev", "d-1", err)).to.equal(
        'argo-sso:groups.dev: external group "Dev" was not found in identity store d-1; is SCIM provisioning done?',
      );
    });

    it("passes any other failure on with the group and its key", () => {
      const err = new Error("AccessDeniedException: not authorized");
      expect(externalGroupError("dev", "Dev", "d-1", err)).to.equal(
        'argo-sso:groups.dev: looking up external group "Dev" in identity store d-1 failed: AccessDeniedException: not authorized',
      );
    });
  });
});
