/**
 * OU expansion (stacks/organizational-units.ts): the OUs a config names, and how their accounts
 * become account IDs of the grants. Pure: no mocks.
 */
import { expect } from "chai";
import { expandOrganizationalUnits, organizationalUnitsOf } from "../../stacks/organizational-units";
import type { StackConfig } from "../../stacks/schema";
import { exampleRuntimeConfig, load } from "../support/configs";

const config = () => load(exampleRuntimeConfig("identity")).config!;
const OU = "ou-ab12-workload1";

describe("organizational units as targets", () => {
  it("lists every OU the grants name once", () => {
    expect(organizationalUnitsOf(config())).to.deep.equal([OU]);
  });

  it("adds the OU's active accounts to each grant that names it, sorted, beside listed accounts", () => {
    const resolved = new Map([
      [
        OU,
        [
          { id: "333333333333", name: "workloads-b", status: "ACTIVE" },
          { id: "111111111111", name: "workloads-a", status: "ACTIVE" },
          { id: "222222222222", name: "closing", status: "PENDING_CLOSURE" },
          { id: "121212121212", name: "suspended", status: "SUSPENDED" },
        ],
      ],
    ]);
    const expanded = expandOrganizationalUnits(config(), resolved).config;
    expect(expanded.groups.platform?.aws[0]?.accountIds).to.deep.equal([
      "111111111111",
      "333333333333",
      "555555555555",
    ]);
    expect(expanded.groups.developers?.aws[0]?.accountIds).to.deep.equal(["111111111111", "333333333333"]);
    expect(expandOrganizationalUnits(config(), resolved).warnings).to.deep.equal([]);
    // Untouched grants stay as they were.
    expect(expanded.groups.auditors?.aws).to.deep.equal(config().groups.auditors?.aws);
  });

  it("names OU accounts for the CLI profiles only when argo-sso:accounts does not", () => {
    const resolved = new Map([
      [
        OU,
        [
          { id: "555555555555", name: "platform-in-org", status: "ACTIVE" },
          { id: "111111111111", name: "workloads-a", status: "ACTIVE" },
        ],
      ],
    ]);
    expect(expandOrganizationalUnits(config(), resolved).config.accounts).to.deep.equal({
      management: "900000000000",
      security: "444444444444",
      platform: "555555555555",
      "workloads-a": "111111111111",
    });
  });

  it("warns about an OU without an active account", () => {
    const { warnings } = expandOrganizationalUnits(config(), new Map([[OU, []]]));
    expect(warnings).to.deep.equal([
      `argo-sso:groups.developers.aws: organizational unit ${OU} (permission set ReadOnly) has no active account; nothing is assigned through it`,
      `argo-sso:groups.platform.aws: organizational unit ${OU} (permission set Developer) has no active account; nothing is assigned through it`,
    ]);
  });

  describe("edges", () => {
    const OU_A = "ou-aaaa-11111111";
    const OU_B = "ou-bbbb-22222222";
    /** The example config with carol's own grant naming `ous` and one more group naming OU_B. */
    const withUserOus = (ous: string[]): StackConfig => {
      const base = config();
      const carol = base.users["carol@contractor.example"]!;
      return {
        ...base,
        users: {
          ...base.users,
          "carol@contractor.example": {
            ...carol,
            aws: [{ permissionSet: "ReadOnly", accountIds: ["555555555555"], organizationalUnits: ous }],
          },
        },
        groups: {
          ...base.groups,
          zeta: {
            ...base.groups.auditors!,
            key: "zeta",
            aws: [{ permissionSet: "ReadOnly", accountIds: [], organizationalUnits: [OU_B, OU_A] }],
          },
        },
      };
    };

    it("lists the OUs of users' own grants too, sorted and once each", () => {
      expect(organizationalUnitsOf(withUserOus([OU_B, OU]))).to.deep.equal([OU_A, OU, OU_B]);
    });

    it("expands a user's own grant and leaves users without grants as they are", () => {
      const resolved = new Map([
        [OU, [{ id: "111111111111", name: "w", status: "ACTIVE" }]],
        [OU_A, [{ id: "777777777777", name: "a", status: "ACTIVE" }]],
        [OU_B, [{ id: "666666666666", name: "b", status: "ACTIVE" }]],
      ]);
      const source = withUserOus([OU_B]);
      const { config: expanded } = expandOrganizationalUnits(source, resolved);
      expect(expanded.users["carol@contractor.example"]?.aws?.[0]?.accountIds).to.deep.equal([
        "555555555555",
        "666666666666",
      ]);
      expect(expanded.users["alice@acme.example"]).to.deep.equal(source.users["alice@acme.example"]);
      expect(expanded.users["alice@acme.example"]).not.to.have.property("aws");
      expect(expanded.groups.zeta?.aws[0]?.accountIds).to.deep.equal(["666666666666", "777777777777"]);
    });

    it("warns once per OU and grant, sorted, for OUs not resolved at all", () => {
      const { warnings } = expandOrganizationalUnits(withUserOus([OU_B, OU_B]), new Map());
      const none = (key: string, ou: string, set: string) =>
        `argo-sso:${key}: organizational unit ${ou} (permission set ${set}) has no active account; nothing is assigned through it`;
      expect(warnings).to.deep.equal([
        none("groups.developers.aws", OU, "ReadOnly"),
        none("groups.platform.aws", OU, "Developer"),
        none("groups.zeta.aws", OU_A, "ReadOnly"),
        none("groups.zeta.aws", OU_B, "ReadOnly"),
        none("users.carol@contractor.example.aws", OU_B, "ReadOnly"),
      ]);
    });

    it("names an account after the first OU in ID order, skips empty names and keeps the first name of an account", () => {
      const resolved = new Map([
        [
          OU_B,
          [
            { id: "666666666666", name: "shared", status: "ACTIVE" },
            { id: "888888888888", name: "", status: "ACTIVE" },
            { id: "777777777777", name: "second-name", status: "ACTIVE" },
          ],
        ],
        [
          OU_A,
          [
            { id: "777777777777", name: "first-name", status: "ACTIVE" },
            { id: "999999999999", name: "shared", status: "ACTIVE" },
            { id: "121212121212", name: "toString", status: "SUSPENDED" },
          ],
        ],
        [OU, []],
      ]);
      expect(expandOrganizationalUnits(withUserOus([]), resolved).config.accounts).to.deep.equal({
        management: "900000000000",
        security: "444444444444",
        platform: "555555555555",
        "first-name": "777777777777",
        shared: "999999999999",
        toString: "121212121212",
      });
    });
  });
});
