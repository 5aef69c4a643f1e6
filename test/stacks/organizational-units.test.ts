/**
 * OU expansion (stacks/organizational-units.ts): the OUs a config names, and how their accounts
 * become account IDs of the grants. Pure: no mocks.
 */
import { expect } from "chai";
import { expandOrganizationalUnits, organizationalUnitsOf } from "../../stacks/organizational-units";
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
});
