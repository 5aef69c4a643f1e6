import { expect } from "chai";
import * as YAML from "yaml";
import { planAccountAssignments } from "../../components/identity-center-plan";
import { loadStackConfig } from "../../stacks/config";
import {
  syntheticAccountId,
  syntheticOrgSize,
  syntheticRuntimeConfig,
  syntheticStackConfig,
  syntheticStackFile,
} from "../../scripts/lib/synthetic-org";

/** Certificates are checked against this time, so the test never rots. */
const NOW = new Date("2027-01-01T00:00:00Z");

describe("scripts/lib/synthetic-org", () => {
  it("yields a config the stack loader accepts with no problem and no warning", () => {
    const loaded = loadStackConfig(syntheticRuntimeConfig({ accounts: 7, membersPerGroup: 2 }), { now: NOW });
    expect(loaded.problems).to.deep.equal([]);
    expect(loaded.warnings).to.deep.equal([]);
    expect(loaded.ok).to.equal(true);
  });

  it("makes half of ten groups managed and half external by default", () => {
    const groups =
      loadStackConfig(syntheticRuntimeConfig({ accounts: 2 }), { now: NOW }).config?.groups ?? {};
    const sources = Object.values(groups).map((g) => g.source);
    expect(sources.filter((s) => s === "managed")).to.have.length(5);
    expect(sources.filter((s) => s === "external")).to.have.length(5);
  });

  it("grants every group one permission set on every account, so assignments are groups × accounts", () => {
    const options = { accounts: 13, groups: 6 };
    const groups = loadStackConfig(syntheticRuntimeConfig(options), { now: NOW }).config?.groups ?? {};
    for (const group of Object.values(groups)) {
      expect(group.aws).to.have.length(1);
      expect(group.aws[0]?.accountIds).to.have.length(13);
    }
    expect(planAccountAssignments(groups)).to.have.length(78);
    expect(syntheticOrgSize(options).assignments).to.equal(78);
  });

  it("gives every group an Argo CD role and an Argo Workflows role", () => {
    const groups =
      loadStackConfig(syntheticRuntimeConfig({ accounts: 1 }), { now: NOW }).config?.groups ?? {};
    for (const group of Object.values(groups)) {
      expect(group.argocd, group.key).to.match(/^role:/);
      expect(group.workflows, group.key).to.be.oneOf(["admin", "edit", "view"]);
    }
  });

  it("adds directory users only to managed groups", () => {
    const loaded = loadStackConfig(syntheticRuntimeConfig({ accounts: 1, groups: 4, membersPerGroup: 3 }), {
      now: NOW,
    });
    const groups = Object.values(loaded.config?.groups ?? {});
    expect(Object.keys(loaded.config?.users ?? {})).to.have.length(6);
    for (const group of groups) expect(group.members).to.have.length(group.source === "managed" ? 3 : 0);
  });

  it("numbers accounts with distinct 12-digit IDs", () => {
    const accounts = syntheticStackConfig({ accounts: 600 })["argo-sso:accounts"] as Record<string, string>;
    const ids = Object.values(accounts);
    expect(new Set(ids).size).to.equal(600);
    expect(ids.every((id) => /^\d{12}$/.test(id))).to.equal(true);
    expect(syntheticAccountId(0)).to.equal("700000000000");
  });

  it("produces the same runtime config for the same options", () => {
    expect(syntheticRuntimeConfig({ accounts: 30 })).to.deep.equal(syntheticRuntimeConfig({ accounts: 30 }));
  });

  it("prints a stack file that parses back to the same config, without YAML aliases", () => {
    const text = syntheticStackFile({ accounts: 4 });
    expect(text).to.not.match(/[&*]a\d/);
    expect(YAML.parse(text).config).to.deep.equal(syntheticStackConfig({ accounts: 4 }));
  });

  it("rejects sizes it cannot build, naming each one", () => {
    expect(() => syntheticStackConfig({ accounts: 0, permissionSets: 9 })).to.throw(
      RangeError,
      /accounts must be between 1 and 99999, got 0; permissionSets must be between 1 and 4, got 9/,
    );
  });
});
