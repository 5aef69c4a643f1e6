/**
 * The Identity Center capabilities over the whole program (index.ts under the capture mocks),
 * with the example stacks of examples/multi-cluster: OUs resolved before any assignment is
 * declared, pinned groups, existing users, user assignments, adoption and the owner + cluster
 * layout rendered together.
 */
import { expect } from "chai";
import { exampleRuntimeConfig, withPath } from "../support/configs";
import { findCreated, ofType, runProgram, type ProgramRun } from "../support/capture";

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const OU = "ou-ab12-workload1";
/** What Organizations reports for the workloads OU in these tests. */
const WORKLOADS = [
  { id: "111111111111", name: "workloads-a" },
  { id: "222222222222", name: "workloads-b" },
];

function renderOwner(
  ouAccounts = WORKLOADS,
  config = exampleRuntimeConfig("identity"),
  mocks: Parameters<typeof runProgram>[0]["mocks"] = {},
): Promise<ProgramRun> {
  return runProgram({
    stack: "identity",
    config,
    mocks: { organizationalUnits: { [OU]: ouAccounts }, ...mocks },
  });
}

async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  throw new Error("the run succeeded");
}

describe("Identity Center capabilities (whole program)", function () {
  this.timeout(120000);
  let owner: ProgramRun;

  before(async () => {
    owner = await renderOwner();
  });

  it("assigns every account of an OU, beside the accounts listed with it", () => {
    const developer = ofType(owner, ASSIGNMENT)
      .filter((r) => r.name.startsWith("identity-center-permission-set/Developer-"))
      .map((r) => [r.name, r.inputs.targetId]);
    expect(developer).to.deep.equal([
      ["identity-center-permission-set/Developer-assignment/platform/111111111111", "111111111111"],
      ["identity-center-permission-set/Developer-assignment/platform/222222222222", "222222222222"],
      ["identity-center-permission-set/Developer-assignment/platform/555555555555", "555555555555"],
    ]);
  });

  it("an account joining the OU adds only its own assignments; one leaving removes only its own", async () => {
    const joined = await renderOwner([...WORKLOADS, { id: "333333333333", name: "workloads-c" }]);
    const before = new Map(owner.resources.map((r) => [`${r.type}::${r.name}`, r]));
    const added = joined.resources.filter((r) => !before.has(`${r.type}::${r.name}`)).map((r) => r.name);
    expect(added).to.deep.equal([
      "identity-center-permission-set/Developer-assignment/platform/333333333333",
      "identity-center-permission-set/ReadOnly-assignment/developers/333333333333",
    ]);
    for (const r of joined.resources) {
      const old = before.get(`${r.type}::${r.name}`);
      if (old && r.type.startsWith("aws:")) expect(r.inputs, r.name).to.deep.equal(old.inputs);
    }
    const left = await renderOwner([WORKLOADS[1] as (typeof WORKLOADS)[number]]);
    const now = new Set(left.resources.map((r) => `${r.type}::${r.name}`));
    const removed = owner.resources.filter((r) => !now.has(`${r.type}::${r.name}`)).map((r) => r.name);
    expect(removed).to.deep.equal([
      "identity-center-permission-set/Developer-assignment/platform/111111111111",
      "identity-center-permission-set/ReadOnly-assignment/developers/111111111111",
    ]);
  });

  it("fails with the OU named when Organizations does not know it", async () => {
    const message = await failure(renderOwner(WORKLOADS, undefined, { missingOrganizationalUnits: [OU] }));
    expect(message).to.include(`organizational unit ${OU} could not be read from AWS Organizations`);
  });

  it("looks a pinned group up by its ID and uses that ID in Argo CD's policy", () => {
    const csv = String(owner.outputs.argocdPolicyCsv);
    expect(csv).to.include("g, 4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80, role:readonly");
    expect((owner.outputs.groupIds as Record<string, string>).developers).to.equal(
      "4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80",
    );
  });

  it("refuses a pinned group whose name in the directory is not the configured display name", async () => {
    const message = await failure(
      renderOwner(WORKLOADS, undefined, { pinnedGroupNames: { "00g1abcdEFGHijkl5d7": "Auditors (old)" } }),
    );
    expect(message).to.include(
      'argo-sso:groups.auditors.displayName: the group pinned by externalId https://acme.okta.com/00g1abcdEFGHijkl5d7 is named "Auditors (old)" in Identity Center, not "Security Auditors"',
    );
  });

  it("makes existing directory users members of a group created here, without creating them", () => {
    expect(ofType(owner, "aws:identitystore/user:User")).to.deep.equal([]);
    const membership = findCreated(
      owner,
      "aws:identitystore/groupMembership:GroupMembership",
      "identity-center-directory-membership/platform/alice@acme.example",
    );
    const group = findCreated(
      owner,
      "aws:identitystore/group:Group",
      "identity-center-directory-group/platform",
    );
    expect(membership.inputs.groupId).to.equal(group.outputs.groupId);
    expect(membership.inputs.memberId).to.match(/^[0-9a-f-]{36}$/);
  });

  it("fails with the user's key when an existing user is not in the directory", async () => {
    const message = await failure(renderOwner(WORKLOADS, undefined, { missingUsers: ["bob@acme.example"] }));
    expect(message).to.include(
      'argo-sso:users.bob@acme.example: existing user "bob@acme.example" was not found in identity store d-2222222222',
    );
  });

  it("assigns a permission set to a user directly, keyed by user name and account", () => {
    const assignment = findCreated(
      owner,
      ASSIGNMENT,
      "identity-center-permission-set/ReadOnly-user-assignment/carol@contractor.example/555555555555",
    );
    expect(assignment.inputs.principalType).to.equal("USER");
    expect(assignment.inputs.targetId).to.equal("555555555555");
  });

  it("adopts the console's group, permission set and assignment with the provider's import IDs", () => {
    const group = findCreated(
      owner,
      "aws:identitystore/group:Group",
      "identity-center-directory-group/Admins",
    );
    expect(group.importId).to.equal("d-2222222222/90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a");
    const set = findCreated(
      owner,
      "aws:ssoadmin/permissionSet:PermissionSet",
      "identity-center-permission-set/AdministratorAccess-set",
    );
    expect(set.importId).to.equal(
      "arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-2222222222222222,arn:aws:sso:::instance/ssoins-2222222222222222",
    );
    const assignment = findCreated(
      owner,
      ASSIGNMENT,
      "identity-center-permission-set/AdministratorAccess-assignment/Admins/900000000000",
    );
    expect(assignment.importId).to.equal(
      "90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a,GROUP,900000000000,AWS_ACCOUNT,arn:aws:sso:::permissionSet/ssoins-2222222222222222/ps-2222222222222222,arn:aws:sso:::instance/ssoins-2222222222222222",
    );
    // Not adopted: created as usual.
    const created = findCreated(
      owner,
      "aws:identitystore/group:Group",
      "identity-center-directory-group/platform",
    );
    expect(created.importId).to.equal(null);
  });

  describe("one Identity Center, several clusters", () => {
    let cluster: ProgramRun;
    let ownerIds: Record<string, string>;

    before(async () => {
      ownerIds = owner.outputs.groupIds as Record<string, string>;
      cluster = await runProgram({
        stack: "cluster-eu",
        config: exampleRuntimeConfig("cluster-eu"),
        mocks: { ownerGroupIds: { "acme/argo-sso/identity": ownerIds } },
      });
    });

    it("the cluster stack creates nothing in Identity Center but its SAML application's assignments", () => {
      const aws = cluster.resources.filter((r) => r.type.startsWith("aws:") && r.custom);
      expect([...new Set(aws.map((r) => r.type))]).to.deep.equal([
        "aws:ssoadmin/applicationAssignment:ApplicationAssignment",
      ]);
      expect(aws.map((r) => r.name)).to.deep.equal([
        "identity-center-saml-app-assignment/Admins",
        "identity-center-saml-app-assignment/developers",
        "identity-center-saml-app-assignment/platform",
        "identity-center-saml-app-assignment/sre-eu",
      ]);
    });

    it("assigns its own SAML application, not the owner's", () => {
      for (const r of ofType(cluster, "aws:ssoadmin/applicationAssignment:ApplicationAssignment")) {
        expect(r.inputs.applicationArn).to.equal(
          "arn:aws:sso::900000000000:application/ssoins-2222222222222222/apl-3333333333333333",
        );
      }
    });

    it("uses the owner stack's group IDs in its SAML assignments and Argo CD policy", () => {
      const admins = findCreated(
        cluster,
        "aws:ssoadmin/applicationAssignment:ApplicationAssignment",
        "identity-center-saml-app-assignment/Admins",
      );
      expect(admins.inputs.principalId).to.equal("90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a");
      const csv = String(cluster.outputs.argocdPolicyCsv);
      expect(csv).to.include("g, 90677ed4-b0c1-7041-2b1c-1e3a0a0a0a0a, role:admin");
      expect(csv).to.include("g, 4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f80, role:readonly");
      expect(csv).to.include(`g, ${ownerIds.platform}, role:admin`);
    });

    it("fails with the group key when the owner stack has no such group", async () => {
      const config = withPath(exampleRuntimeConfig("cluster-eu"), "argo-sso:groups", ["data-team"], {
        argocd: "role:readonly",
      });
      const message = await failure(
        runProgram({
          stack: "cluster-eu",
          config,
          mocks: { ownerGroupIds: { "acme/argo-sso/identity": ownerIds } },
        }),
      );
      expect(message).to.include(
        'argo-sso:groups.data-team: the owner stack\'s groupIds output has no group "data-team" (known: Admins, auditors, developers, platform)',
      );
    });
  });
});
