import { expect } from "chai";
import {
  REMOVE,
  devRuntimeConfig,
  load,
  problemsOf,
  warningsOf,
  withConfig,
  withPath,
} from "../support/configs";

const G = "argo-sso:groups";
const withGroup = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), G, at, value);

describe("argo-sso:groups", () => {
  it("rejects a key that cannot be part of a resource name", () => {
    expect(problemsOf(withGroup(["site reliability"], { argocd: "role:readonly" }))).to.deep.equal([
      'argo-sso:groups["site\\u0020reliability"]: group key must be 1 to 128 letters, digits and ._@+=,- (it names resources), got "site reliability"',
    ]);
  });

  it("reports an unknown key with the closest known one", () => {
    expect(problemsOf(withGroup(["developers", "workflow"], "view"))).to.deep.equal([
      'argo-sso:groups.developers.workflow: unknown key (did you mean "workflows"?); allowed: displayName, description, source, members, aws, argocd, workflows, groupId, externalId, import',
    ]);
  });

  it("rejects a source other than managed or external", () => {
    expect(problemsOf(withGroup(["developers", "source"], "scim"))).to.deep.equal([
      'argo-sso:groups.developers.source: must be one of managed, external, owner, got "scim"',
    ]);
  });

  it("rejects members on an external group", () => {
    expect(problemsOf(withGroup(["developers", "members"], ["alice@example.com"]))).to.deep.equal([
      "argo-sso:groups.developers.members: an external group gets its members from the IdP by SCIM; remove members (or set source: managed)",
    ]);
  });

  it("rejects a member that is not a user of argo-sso:users", () => {
    expect(problemsOf(withGroup(["reviewers", "members", 0], "bob@exmaple.com"))).to.deep.equal([
      'argo-sso:groups.reviewers.members[0]: unknown user "bob@exmaple.com" (did you mean "bob@example.com"?); members must be keys of argo-sso:users (alice@example.com, bob@example.com, carol)',
    ]);
  });

  it("removes duplicate members", () => {
    const config = withGroup(["reviewers", "members"], ["carol", "carol", "bob@example.com"]);
    expect(load(config).config!.groups.reviewers.members).to.deep.equal(["carol", "bob@example.com"]);
  });

  it("rejects an unknown account name with the closest known one", () => {
    expect(problemsOf(withGroup(["developers", "aws", 0, "accounts", 1], "devv"))).to.deep.equal([
      'argo-sso:groups.developers.aws[0].accounts[1]: unknown account "devv" (did you mean "dev"?); use a name from argo-sso:accounts (dev, management, sandbox, shared-services), a 12-digit ID or an OU ID (ou-...)',
    ]);
  });

  it("accepts account IDs beside names and resolves, sorts and de-duplicates them", () => {
    const config = withGroup(
      ["developers", "aws", 0, "accounts"],
      ["dev", "999999999999", "222222222222", "sandbox"],
    );
    expect(load(config).config!.groups.developers.aws).to.deep.equal([
      { permissionSet: "Developer", accountIds: ["111111111111", "222222222222", "999999999999"] },
    ]);
  });

  it("refuses an account ID given as a number", () => {
    expect(problemsOf(withGroup(["developers", "aws", 0, "accounts", 0], 111111111111))).to.deep.equal([
      'argo-sso:groups.developers.aws[0].accounts[0]: must be a quoted 12-digit account ID, got the number 111111111111 (YAML drops leading zeros); write "111111111111"',
    ]);
  });

  it("requires at least one account per grant", () => {
    expect(problemsOf(withGroup(["developers", "aws", 0, "accounts"], []))).to.deep.equal([
      "argo-sso:groups.developers.aws[0].accounts: must name at least one account",
    ]);
  });

  it("requires the accounts of a grant", () => {
    expect(problemsOf(withGroup(["developers", "aws", 0, "accounts"], REMOVE))).to.deep.equal([
      "argo-sso:groups.developers.aws[0].accounts: required: a list of account names or 12-digit IDs",
    ]);
  });

  it("merges two grants of the same permission set", () => {
    const config = withGroup(
      ["developers", "aws"],
      [
        { permissionSet: "Developer", accounts: ["dev"] },
        { permissionSet: "Developer", accounts: ["sandbox", "dev"] },
      ],
    );
    expect(load(config).config!.groups.developers.aws).to.deep.equal([
      { permissionSet: "Developer", accountIds: ["111111111111", "222222222222"] },
    ]);
  });

  it("rejects an unknown permission set, listing the known ones and the presets", () => {
    expect(problemsOf(withGroup(["developers", "aws", 0, "permissionSet"], "Dev"))).to.deep.equal([
      'argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer, ReadOnly, TerraformState; presets: AdministratorAccess, PowerUserAccess, ReadOnlyAccess, ViewOnlyAccess, BillingAdministratorAccess, BillingReadOnlyAccess, TerraformPlanAccess, TerraformApplyAccess, TerraformStateAccess, RootAccess, DNSRecordAdministratorAccess',
    ]);
  });

  it("rejects a preset named directly when it needs parameters", () => {
    expect(
      problemsOf(withGroup(["developers", "aws", 0, "permissionSet"], "TerraformApplyAccess")),
    ).to.deep.equal([
      "argo-sso:groups.developers.aws[0].permissionSet: preset TerraformApplyAccess needs parameters (stateBucket); define it under argo-sso:permissionSets with preset and parameters",
    ]);
  });

  it("rejects a preset named directly that clashes in case with a defined set", () => {
    const config = withConfig(
      withGroup(["developers", "aws", 0, "permissionSet"], "ReadOnlyAccess"),
      "argo-sso:permissionSets",
      (sets) => {
        sets.readonlyaccess = { preset: "ViewOnlyAccess" };
      },
    );
    expect(problemsOf(config)).to.deep.equal([
      'argo-sso:groups.developers.aws[0].permissionSet: preset ReadOnlyAccess differs only in case from permission set "readonlyaccess"; AWS names are unique ignoring case',
    ]);
  });

  it("accepts a custom Argo CD role defined under argocd.roles", () => {
    expect(load(devRuntimeConfig()).config!.groups.developers.argocd).to.equal("role:deployer");
  });

  it("rejects an Argo CD role that is not built in or defined", () => {
    expect(problemsOf(withGroup(["developers", "argocd"], "role:deployr"))).to.deep.equal([
      'argo-sso:groups.developers.argocd: unknown Argo CD role "role:deployr" (did you mean "role:deployer"?); known: role:admin, role:readonly, role:deployer (custom roles go under argo-sso:argocd.roles)',
    ]);
  });

  it("rejects an Argo Workflows role other than admin, edit or view", () => {
    expect(problemsOf(withGroup(["developers", "workflows"], "viewer"))).to.deep.equal([
      'argo-sso:groups.developers.workflows: must be one of admin, edit, view, got "viewer" (did you mean "view"?)',
    ]);
  });

  it("rejects two groups with the same display name", () => {
    expect(problemsOf(withGroup(["reviewers", "displayName"], "Engineering - Developers"))).to.deep.equal([
      'argo-sso:groups.reviewers.displayName: "Engineering - Developers" is also the display name of group "developers"; display names must be unique',
    ]);
  });

  it("counts a group key as the display name of a group without one", () => {
    expect(problemsOf(withGroup(["developers", "displayName"], "finance"))).to.deep.equal([
      'argo-sso:groups.finance.displayName: "finance" is also the display name of group "developers"; display names must be unique',
    ]);
  });

  it("warns about a group that grants nothing", () => {
    expect(warningsOf(withGroup(["idle"], { members: ["carol"] }))).to.deep.equal([
      "argo-sso:groups.idle: grants nothing: set aws, argocd or workflows",
    ]);
  });

  it("still checks every reference it can when other keys are broken", () => {
    let config = withConfig(devRuntimeConfig(), "argo-sso:users", () => "not json");
    config = withConfig(config, "argo-sso:accounts", () => ["sandbox"]);
    config = withPath(config, "argo-sso:permissionSets", ["Developer", "sessionDuration"], "PT13H");
    config = withPath(config, G, ["developers", "aws", 0, "permissionSet"], "Dev");
    config = withPath(config, G, ["developers", "argocd"], "role:nope");
    expect(problemsOf(config)).to.deep.equal([
      'argo-sso:accounts: must be a map of account name to 12-digit ID (in quotes: sandbox: "111111111111"), got a list',
      'argo-sso:groups.developers.argocd: unknown Argo CD role "role:nope"; known: role:admin, role:readonly, role:deployer (custom roles go under argo-sso:argocd.roles)',
      'argo-sso:groups.developers.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer, ReadOnly, TerraformState; presets: AdministratorAccess, PowerUserAccess, ReadOnlyAccess, ViewOnlyAccess, BillingAdministratorAccess, BillingReadOnlyAccess, TerraformPlanAccess, TerraformApplyAccess, TerraformStateAccess, RootAccess, DNSRecordAdministratorAccess',
      "argo-sso:permissionSets.Developer.sessionDuration: must be between PT1H and PT12H, got PT13H",
      'argo-sso:users: must be a map of user name to user settings, got text "not json"',
    ]);
  });

  it("does not report references into a map that is unreadable", () => {
    const config = withConfig(devRuntimeConfig(), "argo-sso:permissionSets", () => "Admin, Developer");
    expect(problemsOf(config)).to.deep.equal([
      'argo-sso:permissionSets: must be a map of permission-set name to settings, got text "Admin, Developer"',
    ]);
  });
});
