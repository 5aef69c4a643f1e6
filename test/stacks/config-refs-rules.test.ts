/**
 * Cross references of the stack config (stacks/schema-refs.ts) at the edges the first mutation
 * run left open, through `loadStackConfig` on examples/multi-cluster's owner and cluster stacks.
 * Every expected problem is written out.
 */
import { expect } from "chai";
import { exampleRuntimeConfig, problemsOf, withPath as at } from "../support/configs";

const owner = () => exampleRuntimeConfig("identity");
const cluster = () => exampleRuntimeConfig("cluster-eu");
const G = "argo-sso:groups";
const IC = "argo-sso:identityCenter";
const U = "argo-sso:users";
const CAROL = "carol@contractor.example";
const STORE_ID = "d-2222222222/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0b";
const EXISTING =
  'argo-sso:users["carol@contractor.example"].import: an existing user is looked up by user name and never changed here; remove it (or set source: managed)';
const NEEDS_ID = (set: string) =>
  `import: true on permission set ${set} needs the principal's ID in config: set import on this group or user (or groupId on an external group)`;
const NOT_ADOPTED =
  "import: true on permission set ReadOnly: that set is created by this stack, so none of its assignments exists yet; set argo-sso:permissionSets.ReadOnly.import to adopt it first";
const CLUSTER_WHY =
  "this is a cluster stack (argo-sso:identityCenter.ownerStack is acme/argo-sso/identity), which owns no Identity Center groups";

describe("stack-config cross references at the edges", () => {
  it("accepts source: owner in a cluster stack and source: managed in the owner stack", () => {
    expect(problemsOf(at(cluster(), G, ["platform", "source"], "owner"))).to.deep.equal([]);
    expect(problemsOf(at(owner(), G, ["platform", "source"], "managed"))).to.deep.equal([]);
  });

  it("names an owner group (no source in a cluster stack) when it pins an external ID", () => {
    expect(
      problemsOf(at(cluster(), G, ["platform", "groupId"], "90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a")),
    ).to.deep.equal([
      "argo-sso:groups.platform.groupId: pins an external group; this group is the owner stack's",
    ]);
    expect(
      problemsOf(at(cluster(), G, ["platform", "externalId"], { issuer: "https://x", id: "1" })),
    ).to.deep.equal([
      "argo-sso:groups.platform.externalId: pins an external group; this group is the owner stack's",
    ]);
  });

  it("tells a cluster stack's group where members, assignments, descriptions and adoption belong", () => {
    let config = at(cluster(), G, ["platform", "members"], ["x"]);
    config = at(config, G, ["platform", "description"], "d");
    config = at(config, G, ["platform", "import"], "d-2222222222/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a");
    config = at(
      config,
      G,
      ["platform", "aws"],
      [{ permissionSet: "ReadOnlyAccess", accounts: ["111111111111"] }],
    );
    expect(problemsOf(config)).to.deep.equal([
      `argo-sso:groups.platform.aws: ${CLUSTER_WHY}; account assignments belong to the owner stack`,
      `argo-sso:groups.platform.description: ${CLUSTER_WHY}; describe the group in the owner stack`,
      "argo-sso:groups.platform.import: adopts a group this stack manages; an owner group is only looked up (pin it with groupId instead)",
      `argo-sso:groups.platform.import: ${CLUSTER_WHY}; adopt groups in the owner stack`,
      `argo-sso:groups.platform.members: ${CLUSTER_WHY}; declare members in the owner stack`,
      'argo-sso:groups.platform.members[0]: unknown user "x"; members must be keys of argo-sso:users (none)',
    ]);
  });

  it("reports an empty permission set, account or member once, not also as an unknown name", () => {
    expect(problemsOf(at(owner(), G, ["platform", "aws", 0, "permissionSet"], ""))).to.deep.equal([
      "argo-sso:groups.platform.aws[0].permissionSet: must not be empty",
    ]);
    expect(problemsOf(at(owner(), G, ["platform", "aws", 0, "accounts", 0], ""))).to.deep.equal([
      "argo-sso:groups.platform.aws[0].accounts[0]: must not be empty",
    ]);
    expect(problemsOf(at(owner(), G, ["platform", "members", 0], ""))).to.deep.equal([
      "argo-sso:groups.platform.members[0]: must not be empty",
    ]);
  });

  it("reads an account name containing ou- or r- after its start as an account name", () => {
    expect(problemsOf(at(owner(), G, ["platform", "aws", 0, "accounts", 0], "prod-ou-1"))).to.deep.equal([
      'argo-sso:groups.platform.aws[0].accounts[0]: unknown account "prod-ou-1"; use a name from argo-sso:accounts (management, platform, security), a 12-digit ID or an OU ID (ou-...)',
    ]);
  });

  it("does not compare an invalid Argo CD URL with the Workflows URL", () => {
    expect(problemsOf(at(owner(), "argo-sso:argocd", ["url"], "not a url"))).to.deep.equal([
      'argo-sso:argocd.url: must be an https URL like https://argocd.example.com, got "not a url"',
    ]);
  });

  it("does not treat a non-text ownerStack or identity store as a cluster stack or a store to match", () => {
    expect(problemsOf(at(owner(), IC, ["ownerStack"], 5))).to.deep.equal([
      "argo-sso:identityCenter.ownerStack: must be text, got 5",
    ]);
    expect(problemsOf(at(owner(), IC, ["identityStoreId"], 5))).to.deep.equal([
      "argo-sso:identityCenter.identityStoreId: must be text, got 5",
    ]);
  });

  describe("adoption by users and external groups", () => {
    it("checks a user's import ID against the identity store", () => {
      expect(
        problemsOf(at(owner(), U, [CAROL, "import"], "d-9999999999/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0b")),
      ).to.deep.equal([
        EXISTING,
        'argo-sso:users["carol@contractor.example"].import: names identity store d-9999999999, but argo-sso:identityCenter.identityStoreId is d-2222222222',
      ]);
      expect(problemsOf(at(owner(), U, [CAROL, "import"], STORE_ID))).to.deep.equal([EXISTING]);
    });

    it("needs the user's own import ID and an adopted set to adopt a user's assignment", () => {
      const grant = at(owner(), U, [CAROL, "aws", 0, "import"], true);
      expect(problemsOf(grant)).to.deep.equal([
        `argo-sso:users["carol@contractor.example"].aws: ${NEEDS_ID("ReadOnly")}`,
        `argo-sso:users["carol@contractor.example"].aws: ${NOT_ADOPTED}`,
      ]);
      expect(problemsOf(at(grant, U, [CAROL, "import"], STORE_ID))).to.deep.equal([
        `argo-sso:users["carol@contractor.example"].aws: ${NOT_ADOPTED}`,
        EXISTING,
      ]);
      const adopted = at(
        at(grant, U, [CAROL, "import"], STORE_ID),
        U,
        [CAROL, "aws", 0, "permissionSet"],
        "AdministratorAccess",
      );
      expect(problemsOf(adopted)).to.deep.equal([EXISTING]);
    });

    it("takes an external group's groupId as its principal ID, not an externalId or a managed group's groupId", () => {
      const adopt = (group: string) =>
        at(
          at(owner(), G, [group, "aws", 0, "import"], true),
          G,
          [group, "aws", 0, "permissionSet"],
          "AdministratorAccess",
        );
      expect(problemsOf(adopt("developers"))).to.deep.equal([]);
      expect(problemsOf(at(owner(), G, ["developers", "aws", 0, "import"], true))).to.deep.equal([
        `argo-sso:groups.developers.aws: ${NOT_ADOPTED}`,
      ]);
      expect(problemsOf(adopt("auditors"))).to.deep.equal([
        `argo-sso:groups.auditors.aws: ${NEEDS_ID("AdministratorAccess")}`,
      ]);
      expect(
        problemsOf(at(adopt("platform"), G, ["platform", "groupId"], "4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f81")),
      ).to.deep.equal([
        `argo-sso:groups.platform.aws: ${NEEDS_ID("AdministratorAccess")}`,
        "argo-sso:groups.platform.groupId: pins an external group; this group is created here (to adopt an existing group, use import)",
      ]);
    });
  });
});
