import { expect } from "chai";
import {
  externalGroupError,
  externalGroupQuery,
  IdentityCenterDirectory,
  pinMismatchError,
} from "../../components/identity-center-directory";
import type { GroupSpec, UserSpec } from "../../components/identity-center-types";
import { findCreated, ofType } from "../support/capture";
import type { MockOptions } from "../../scripts/lib/mock-runtime";
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

/** A directory with the given users, groups and owner group IDs, under the given mock scenario. */
function runWith(
  args: {
    users?: Record<string, UserSpec>;
    groups: Record<string, GroupSpec>;
    ownerGroupIds?: Record<string, string>;
  },
  mocks: MockOptions = {},
) {
  return runComponent((provider) => {
    const directory = new IdentityCenterDirectory(
      "dir",
      {
        identityStoreId: "d-1234567890",
        users: args.users ?? {},
        groups: args.groups,
        ...(args.ownerGroupIds === undefined ? {} : { ownerGroupIds: args.ownerGroupIds }),
      },
      { providers: [provider] },
    );
    return { groupIds: directory.groupIds, userIds: directory.userIds };
  }, mocks);
}

/** The error a run fails with (undefined when it succeeds). */
async function failure(run: Promise<unknown>): Promise<Error | undefined> {
  return run.then(
    () => undefined,
    (err: Error) => err,
  );
}

const GET_GROUP = "aws:identitystore/getGroup:getGroup";
const GET_USER = "aws:identitystore/getUser:getUser";
const existing: UserSpec = { ...user("carol@example.com"), source: "existing" };

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
  describe("existing users (looked up by user name, never created)", () => {
    it("looks the user up by its UserName and makes its ID the member of a managed group", async () => {
      const { run, invokes } = await runWith({
        users: { "carol@example.com": existing },
        groups: { ops: group("ops", { members: ["carol@example.com"] }) },
      });
      expect(ofType(run, USER)).to.deep.equal([]);
      expect(invokes.filter((i) => i.token === GET_USER).map((i) => i.args)).to.deep.equal([
        {
          identityStoreId: "d-1234567890",
          alternateIdentifier: {
            uniqueAttribute: { attributePath: "UserName", attributeValue: "carol@example.com" },
          },
        },
      ]);
      expect(invokes[0]?.provider).to.match(/^urn:pulumi:.*::pulumi:providers:aws::aws::/);
      // fakeGuid("existing-user:carol@example.com"), computed with python3's hashlib.
      expect(run.outputs.userIds).to.deep.equal({
        "carol@example.com": "134c8588-b49c-2ced-ec42-be6e67ab7032",
      });
      expect(findCreated(run, MEMBERSHIP, "dir-membership/ops/carol@example.com").inputs).to.deep.include({
        memberId: "134c8588-b49c-2ced-ec42-be6e67ab7032",
      });
    });

    it("fails naming the user and the store when the user is not in the directory", async () => {
      const error = await failure(
        runWith(
          { users: { "carol@example.com": existing }, groups: {} },
          { missingUsers: ["carol@example.com"] },
        ),
      );
      expect(error?.constructor.name).to.equal("RunError");
      expect(error?.message).to.match(
        /argo-sso:users\.carol@example\.com: existing user "carol@example\.com" was not found in identity store d-1234567890; is it synced yet\?$/,
      );
    });

    it("reads NotFound without a space and 'no ... found' as not found, anything else as a failure with its reason", async () => {
      const reasons: Record<string, string> = {
        "a@example.com": "ResourceNotFoundException: user does not exist",
        "b@example.com": "no user with that name was found",
        "c@example.com": "AccessDeniedException: not authorized to perform identitystore:GetUserId",
      };
      const expected: Record<string, string> = {
        "a@example.com":
          'argo-sso:users.a@example.com: existing user "a@example.com" was not found in identity store d-1234567890; is it synced yet?',
        "b@example.com":
          'argo-sso:users.b@example.com: existing user "b@example.com" was not found in identity store d-1234567890; is it synced yet?',
        "c@example.com":
          'argo-sso:users.c@example.com: looking up existing user "c@example.com" in identity store d-1234567890 failed: AccessDeniedException: not authorized to perform identitystore:GetUserId',
      };
      for (const name of Object.keys(reasons)) {
        const error = await failure(
          runWith(
            { users: { [name]: { ...existing, userName: name } }, groups: {} },
            { lookupFailures: reasons },
          ),
        );
        expect(error?.message, name).to.match(
          new RegExp(`${expected[name]!.replace(/[.?*+()[\]]/g, "\\$&")}$`),
        );
      }
    });
  });

  describe("groups of the owner stack (source: owner)", () => {
    it("takes the group ID from the owner's groupIds output and creates nothing", async () => {
      const { run } = await runWith({
        groups: { ops: group("ops", { source: "owner" }) },
        ownerGroupIds: { ops: "11111111-2222-3333-4444-555555555555" },
      });
      expect(ofType(run, GROUP)).to.deep.equal([]);
      expect(run.outputs.groupIds).to.deep.equal({ ops: "11111111-2222-3333-4444-555555555555" });
    });

    it("fails naming the key and the owner's keys, sorted, when the owner has no such group", async () => {
      const error = await failure(
        runWith({
          groups: { ops: group("ops", { source: "owner" }) },
          ownerGroupIds: { zeta: "z-id", alpha: "a-id" },
        }),
      );
      expect(error?.constructor.name).to.equal("RunError");
      expect(error?.message).to.match(
        /argo-sso:groups\.ops: the owner stack's groupIds output has no group "ops" \(known: alpha, zeta\); use the owner's group key, or source: external$/,
      );
    });

    it("says 'known: none' when no owner group IDs are given", async () => {
      const error = await failure(runWith({ groups: { ops: group("ops", { source: "owner" }) } }));
      expect(error?.message).to.match(
        /no group "ops" \(known: none\); use the owner's group key, or source: external$/,
      );
    });

    it("does not take an inherited key for an owner group", async () => {
      const error = await failure(
        runWith({ groups: { constructor: group("constructor", { source: "owner" }) }, ownerGroupIds: {} }),
      );
      expect(error?.message).to.match(
        /argo-sso:groups\.constructor: the owner stack's groupIds output has no group/,
      );
    });
  });

  describe("pinned external groups", () => {
    it("looks a group pinned by groupId up by that ID, and uses it", async () => {
      const id = "90676d04-d0a1-70c9-5e6b-1f2e3d4c5b6a";
      const { run, invokes } = await runWith({
        groups: {
          devs: group("devs", { displayName: "Developers", source: "external", pin: { groupId: id } }),
        },
      });
      expect(invokes.filter((i) => i.token === GET_GROUP).map((i) => i.args)).to.deep.equal([
        { identityStoreId: "d-1234567890", groupId: id },
      ]);
      expect(run.outputs.groupIds).to.deep.equal({ devs: id });
    });

    it("looks a group pinned by externalId up by issuer and ID", async () => {
      const pin = { externalId: { issuer: "https://idp.example.com", id: "okta-group-42" } };
      const { run, invokes } = await runWith({
        groups: { devs: group("devs", { displayName: "Developers", source: "external", pin }) },
      });
      expect(invokes.filter((i) => i.token === GET_GROUP).map((i) => i.args)).to.deep.equal([
        {
          identityStoreId: "d-1234567890",
          alternateIdentifier: { externalId: { issuer: "https://idp.example.com", id: "okta-group-42" } },
        },
      ]);
      // fakeGuid("external-id:okta-group-42"), computed with python3's hashlib.
      expect(run.outputs.groupIds).to.deep.equal({ devs: "690526f0-97e7-834a-3264-6ff5c4803deb" });
    });

    it("accepts a pin whose expected display name matches the directory's", async () => {
      const pin = { groupId: "g-1", displayName: "Developers" };
      const { run } = await runWith(
        { groups: { devs: group("devs", { displayName: "Developers", source: "external", pin }) } },
        { pinnedGroupNames: { "g-1": "Developers" } },
      );
      expect(run.outputs.groupIds).to.deep.equal({ devs: "g-1" });
    });

    it("refuses a pin whose group is named differently in the directory", async () => {
      const pin = { groupId: "g-1", displayName: "Developers" };
      const error = await failure(
        runWith(
          { groups: { devs: group("devs", { displayName: "Developers", source: "external", pin }) } },
          { pinnedGroupNames: { "g-1": "Contractors" } },
        ),
      );
      expect(error?.constructor.name).to.equal("RunError");
      expect(error?.message).to.match(
        /argo-sso:groups\.devs\.displayName: the group pinned by groupId g-1 is named "Contractors" in Identity Center, not "Developers"; fix the pin, or update displayName \(or remove it: the pin alone identifies the group\)$/,
      );
    });

    it("names the pinned ID, not the display name, when a pinned group is missing", async () => {
      const byId = await failure(
        runWith(
          {
            groups: {
              devs: group("devs", { displayName: "Developers", source: "external", pin: { groupId: "g-9" } }),
            },
          },
          { missingExternalGroups: ["g-9"] },
        ),
      );
      expect(byId?.message).to.match(
        /argo-sso:groups\.devs: external group "g-9" was not found in identity store d-1234567890; is SCIM provisioning done\?$/,
      );
      const pin = { externalId: { issuer: "https://idp.example.com", id: "okta-7" } };
      const byExternalId = await failure(
        runWith(
          { groups: { devs: group("devs", { displayName: "Developers", source: "external", pin }) } },
          { missingExternalGroups: ["okta-7"] },
        ),
      );
      expect(byExternalId?.message).to.match(/argo-sso:groups\.devs: external group "okta-7" was not found/);
    });

    it("builds the query from the pin, the external ID, or the display name", () => {
      expect(
        externalGroupQuery("d-1", {
          displayName: "Dev",
          pin: { groupId: "g-1", externalId: { issuer: "i", id: "x" } },
        }),
      ).to.deep.equal({
        identityStoreId: "d-1",
        groupId: "g-1",
      });
      expect(
        externalGroupQuery("d-1", { displayName: "Dev", pin: { externalId: { issuer: "i", id: "x" } } }),
      ).to.deep.equal({
        identityStoreId: "d-1",
        alternateIdentifier: { externalId: { issuer: "i", id: "x" } },
      });
      expect(externalGroupQuery("d-1", { displayName: "Dev" })).to.deep.equal({
        identityStoreId: "d-1",
        alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: "Dev" } },
      });
    });

    it("writes the pin mismatch message by groupId or by issuer/id", () => {
      expect(pinMismatchError("devs", { groupId: "g-1", displayName: "Dev" }, "Ops")).to.equal(
        'argo-sso:groups.devs.displayName: the group pinned by groupId g-1 is named "Ops" in Identity Center, ' +
          'not "Dev"; fix the pin, or update displayName (or remove it: the pin alone identifies the group)',
      );
      expect(
        pinMismatchError(
          "devs",
          { externalId: { issuer: "https://idp", id: "x-1" }, displayName: "Dev" },
          "Ops",
        ),
      ).to.equal(
        'argo-sso:groups.devs.displayName: the group pinned by externalId https://idp/x-1 is named "Ops" in Identity Center, ' +
          'not "Dev"; fix the pin, or update displayName (or remove it: the pin alone identifies the group)',
      );
    });
  });

  describe("adoption and membership checks", () => {
    it("imports a user and a group with their import IDs, and nothing else", async () => {
      const { run } = await runWith({
        users: {
          bob: user("bob", { importId: "d-1234567890/aaaaaaaa-0000-0000-0000-000000000001" }),
          "alice@example.com": user("alice@example.com"),
        },
        groups: {
          ops: group("ops", { importId: "d-1234567890/bbbbbbbb-0000-0000-0000-000000000002" }),
          auditors: group("auditors"),
        },
      });
      expect(findCreated(run, USER, "dir-user/bob").importId).to.equal(
        "d-1234567890/aaaaaaaa-0000-0000-0000-000000000001",
      );
      expect(findCreated(run, GROUP, "dir-group/ops").importId).to.equal(
        "d-1234567890/bbbbbbbb-0000-0000-0000-000000000002",
      );
      expect(findCreated(run, USER, "dir-user/alice@example.com").importId).to.equal(null);
      expect(findCreated(run, GROUP, "dir-group/auditors").importId).to.equal(null);
    });

    it("sends no description for a group without one", async () => {
      const { run } = await runWith({ groups: { auditors: group("auditors") } });
      expect(findCreated(run, GROUP, "dir-group/auditors").inputs).to.deep.equal({
        identityStoreId: "d-1234567890",
        displayName: "auditors",
      });
    });

    it("fails naming the group key and the member that is not a user", async () => {
      const error = await failure(runWith({ groups: { ops: group("ops", { members: ["mallory"] }) } }));
      expect(error?.constructor.name).to.equal("RunError");
      expect(error?.message).to.match(/argo-sso:groups\.ops\.members: unknown user "mallory"$/);
    });

    it("checks groups in key order and members in name order, so the first problem named is stable", async () => {
      const error = await failure(
        runWith({
          groups: {
            zeta: group("zeta", { members: ["nobody"] }),
            alpha: group("alpha", { members: ["zed", "amy"] }),
          },
        }),
      );
      expect(error?.message).to.match(/argo-sso:groups\.alpha\.members: unknown user "amy"$/);
    });

    it("adds a member listed twice once", async () => {
      const { run } = await runWith({
        users: { bob: user("bob") },
        groups: { ops: group("ops", { members: ["bob", "bob"] }) },
      });
      expect(ofType(run, MEMBERSHIP).map((r) => r.name)).to.deep.equal(["dir-membership/ops/bob"]);
    });
  });

  describe("externalGroupError wording", () => {
    it("takes NotFound without a space as not found", () => {
      expect(
        externalGroupError("dev", "Dev", "d-1", new Error("ResourceNotFoundException: group does not exist")),
      ).to.equal(
        'argo-sso:groups.dev: external group "Dev" was not found in identity store d-1; is SCIM provisioning done?',
      );
    });

    it("takes 'no ... found' with words between as not found", () => {
      expect(externalGroupError("dev", "Dev", "d-1", "no group with that name was found")).to.equal(
        'argo-sso:groups.dev: external group "Dev" was not found in identity store d-1; is SCIM provisioning done?',
      );
    });
  });
});
