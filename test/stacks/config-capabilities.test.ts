/**
 * Config rules of the Identity Center capabilities (issue 9): pinned external groups, existing
 * directory users, user assignments, OUs as targets, adoption (`import`) and cluster stacks.
 * Every rule is checked through `loadStackConfig`, on the example stack files.
 */
import { expect } from "chai";
import { exampleRuntimeConfig, load, problemsOf, withPath, type RuntimeConfig } from "../support/configs";

const owner = () => exampleRuntimeConfig("identity");
const cluster = () => exampleRuntimeConfig("cluster-eu");
const G = "argo-sso:groups";
const U = "argo-sso:users";
const PS = "argo-sso:permissionSets";
const at = (base: RuntimeConfig, key: string, path: (string | number)[], value: unknown) =>
  withPath(base, key, path, value);

describe("Identity Center capabilities in the config", () => {
  it("loads both example stacks without problems", () => {
    expect(problemsOf(owner())).to.deep.equal([]);
    expect(problemsOf(cluster())).to.deep.equal([]);
  });

  describe("pinned external groups", () => {
    it("keeps a groupId pin, and the display name given beside an externalId pin", () => {
      const groups = load(owner()).config!.groups;
      expect(groups.developers?.pin).to.deep.equal({ groupId: "4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80" });
      expect(groups.auditors?.pin).to.deep.equal({
        externalId: { issuer: "https://acme.okta.com", id: "00g1abcdEFGHijkl5d7" },
        displayName: "Security Auditors",
      });
    });

    it("refuses a groupId that is not an Identity Store ID", () => {
      expect(problemsOf(at(owner(), G, ["developers", "groupId"], "Engineering"))).to.deep.equal([
        'argo-sso:groups.developers.groupId: must be an Identity Store group ID like 90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a, got "Engineering"',
      ]);
    });

    it("refuses groupId and externalId together", () => {
      const config = at(owner(), G, ["developers", "externalId"], { issuer: "https://x", id: "1" });
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.developers.externalId: pin the group by groupId or by externalId, not both",
      ]);
    });

    it("refuses a pin on a group created here, pointing at import", () => {
      const config = at(owner(), G, ["platform", "groupId"], "4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80");
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.platform.groupId: pins an external group; this group is created here (to adopt an existing group, use import)",
      ]);
    });
  });

  describe("organizational units as targets", () => {
    it("keeps OU IDs apart from account IDs in a grant", () => {
      const grant = load(owner()).config!.groups.platform?.aws[0];
      expect(grant).to.deep.equal({
        permissionSet: "Developer",
        accountIds: ["555555555555"],
        organizationalUnits: ["ou-ab12-workload1"],
      });
    });

    it("refuses an OU ID of an unknown format", () => {
      const config = at(owner(), G, ["platform", "aws", 0, "accounts", 1], "ou-AB12-Workloads");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:groups.platform.aws[0].accounts[1]: unknown organizational unit format "ou-AB12-Workloads": an OU ID is ou-, 4 to 32 lower-case letters or digits, -, 8 to 32 more (ou-ab12-cd34ef56)',
      ]);
    });

    it("refuses an organization root", () => {
      const config = at(owner(), G, ["platform", "aws", 0, "accounts", 1], "r-ab12");
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.platform.aws[0].accounts[1]: an organization root (r-ab12) cannot be a target; name its organizational units (ou-xxxx-xxxxxxxx) or accounts",
      ]);
    });
  });

  describe("existing users and user assignments", () => {
    it("reads existing users with their grants", () => {
      const users = load(owner()).config!.users;
      expect(users["alice@acme.example"]?.source).to.equal("existing");
      expect(users["carol@contractor.example"]?.aws).to.deep.equal([
        { permissionSet: "ReadOnly", accountIds: ["555555555555"] },
      ]);
    });

    it("refuses names on an existing user", () => {
      const config = at(owner(), U, ["alice@acme.example", "displayName"], "Alice");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:users["alice@acme.example"].displayName: an existing user is looked up by user name and never changed here; remove it (or set source: managed)',
      ]);
    });

    it("checks a user's grant against the permission sets", () => {
      const config = at(owner(), U, ["carol@contractor.example", "aws", 0, "permissionSet"], "ReadOnlyy");
      expect(problemsOf(config)).to.have.length(1);
      expect(problemsOf(config)[0]).to.match(
        /^argo-sso:users\["carol@contractor\.example"\]\.aws\[0\]\.permissionSet: unknown permission set "ReadOnlyy" \(did you mean "ReadOnly"\?\)/,
      );
    });
  });

  describe("adoption (import)", () => {
    it("keeps the import IDs of a group, a permission set and a grant", () => {
      const config = load(owner()).config!;
      expect(config.groups.Admins?.importId).to.equal("d-2222222222/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a");
      expect(config.groups.Admins?.aws[0]?.adopt).to.equal(true);
      expect(config.permissionSets.AdministratorAccess?.importId).to.equal(
        "arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-2222222222222222,arn:aws:sso:::instance/ssoins-2222222222222222",
      );
    });

    it("refuses a group import ID of the wrong shape", () => {
      const config = at(owner(), G, ["Admins", "import"], "90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:groups.Admins.import: must be the group\'s import ID <identity store ID>/<group ID>, like d-1111111111/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a, got "90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a"',
      ]);
    });

    it("refuses a group import ID from another identity store", () => {
      const config = at(
        owner(),
        G,
        ["Admins", "import"],
        "d-9999999999/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a",
      );
      expect(problemsOf(config)).to.include(
        "argo-sso:groups.Admins.import: names identity store d-9999999999, but argo-sso:identityCenter.identityStoreId is d-2222222222",
      );
    });

    it("refuses a permission-set import ID of the wrong shape and one of another instance", () => {
      const arnOnly = at(
        owner(),
        PS,
        ["AdministratorAccess", "import"],
        "arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-2222222222222222",
      );
      expect(problemsOf(arnOnly)[0]).to.match(
        /^argo-sso:permissionSets\.AdministratorAccess\.import: must be the permission set's import ID <permission set ARN>,<instance ARN>/,
      );
      const other = at(
        owner(),
        PS,
        ["AdministratorAccess", "import"],
        "arn:aws:sso:::permissionSet/ssoins-7777777777777777/ps-2222222222222222,arn:aws:sso:::instance/ssoins-7777777777777777",
      );
      expect(problemsOf(other)).to.deep.equal([
        "argo-sso:permissionSets.AdministratorAccess.import: names instance arn:aws:sso:::instance/ssoins-7777777777777777, but argo-sso:identityCenter.instanceArn is arn:aws:sso:::instance/ssoins-2222222222222222",
      ]);
    });

    it("refuses adopting assignments without the principal's ID", () => {
      const config = at(owner(), G, ["platform", "aws", 0, "import"], true);
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.platform.aws: import: true on permission set Developer needs the principal's ID in config: set import on this group or user (or groupId on an external group)",
        "argo-sso:groups.platform.aws: import: true on permission set Developer: that set is created by this stack, so none of its assignments exists yet; set argo-sso:permissionSets.Developer.import to adopt it first",
      ]);
    });

    it("refuses adopting assignments of a permission set created here", () => {
      const config = at(owner(), G, ["Admins", "aws", 0, "permissionSet"], "ReadOnly");
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.Admins.aws: import: true on permission set ReadOnly: that set is created by this stack, so none of its assignments exists yet; set argo-sso:permissionSets.ReadOnly.import to adopt it first",
      ]);
    });

    it("refuses import on an external group", () => {
      const config = at(
        owner(),
        G,
        ["developers", "import"],
        "d-2222222222/4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80",
      );
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.developers.import: adopts a group this stack manages; an external group is only looked up (pin it with groupId instead)",
      ]);
    });
  });

  describe("cluster stacks (identityCenter.ownerStack)", () => {
    it("defaults a cluster stack's groups to the owner's", () => {
      const groups = load(cluster()).config!.groups;
      expect(groups.platform?.source).to.equal("owner");
      expect(groups["sre-eu"]?.source).to.equal("external");
    });

    it("refuses permission sets and users in a cluster stack", () => {
      let config = at(cluster(), PS, ["Admin"], { preset: "AdministratorAccess" });
      config = at(config, U, ["dave@acme.example"], { source: "existing" });
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:permissionSets: a cluster stack (argo-sso:identityCenter.ownerStack is acme/argo-sso/identity) declares no permission sets; they belong to the owner stack",
        "argo-sso:users: a cluster stack (argo-sso:identityCenter.ownerStack is acme/argo-sso/identity) declares no users; they belong to the owner stack",
      ]);
    });

    it("refuses a managed group, members and account assignments in a cluster stack", () => {
      let config = at(cluster(), G, ["platform", "source"], "managed");
      config = at(
        config,
        G,
        ["developers", "aws"],
        [{ permissionSet: "ReadOnlyAccess", accounts: ["555555555555"] }],
      );
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:groups.developers.aws: this is a cluster stack (argo-sso:identityCenter.ownerStack is acme/argo-sso/identity), which owns no Identity Center groups; account assignments belong to the owner stack",
        "argo-sso:groups.platform.source: a cluster stack (argo-sso:identityCenter.ownerStack is acme/argo-sso/identity) creates no groups; use owner (the owner stack's groupIds) or external (lookup)",
      ]);
    });

    it("refuses source: owner outside a cluster stack", () => {
      expect(problemsOf(at(owner(), G, ["platform", "source"], "owner"))).to.include(
        "argo-sso:groups.platform.source: owner refers to a group of the stack that owns Identity Center; set argo-sso:identityCenter.ownerStack (or use managed / external)",
      );
    });

    it("refuses an owner stack name that is not a stack reference", () => {
      const config = at(cluster(), "argo-sso:identityCenter", ["ownerStack"], "acme argo-sso identity");
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:identityCenter.ownerStack: must be the owner stack\'s fully qualified name, like acme/argo-sso/identity, got "acme argo-sso identity"',
      ]);
    });
  });
});
