/**
 * Stable identities under change (issue 5): the whole program (index.ts) is rendered under the
 * capture mocks for a small synthetic organisation, then again after one edit of its config,
 * and the two sets of (type, name, parent) are compared. Only the resources an edit is meant to
 * add or remove may appear or disappear; nothing may be renamed (which Pulumi sees as a delete
 * and a create: a new group GUID, an assignment cut and re-made) or re-parented.
 */
import { expect } from "chai";
import { childName } from "../../components/naming";
import { toRuntimeConfig } from "../../scripts/lib/stack-file";
import { syntheticAccountId, syntheticStackConfig } from "../../scripts/lib/synthetic-org";
import { type CapturedResource, type ProgramRun } from "../support/capture";
import { runProgramOnce } from "../support/runs";

type StackConfig = Record<string, unknown>;
type Groups = Record<string, { aws: { permissionSet: string; accounts: string[] }[]; members?: string[] }>;

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const PERMISSION_SET_COMPONENT = "argo-sso:permission-set:PermissionSet";

/**
 * Three accounts, four groups: team-00 (managed, Admin on all, ReadOnly on acct-0000, two
 * members), team-01 (external, ReadOnly), team-02 (managed, Developer, two members), team-03
 * (external, Admin); every group has Argo CD and Argo Workflows roles.
 */
function baseConfig(): StackConfig {
  const config = syntheticStackConfig({ accounts: 3, groups: 4, permissionSets: 3, membersPerGroup: 2 });
  const groups = config["argo-sso:groups"] as Groups;
  groups["team-00"]?.aws.push({ permissionSet: "ReadOnly", accounts: ["acct-0000"] });
  return config;
}

/** A deep copy of `config` changed by `edit`. */
function edited(edit: (config: StackConfig, groups: Groups) => void): StackConfig {
  const config = structuredClone(baseConfig());
  edit(config, config["argo-sso:groups"] as Groups);
  return config;
}

function render(config: StackConfig): Promise<ProgramRun> {
  return runProgramOnce({ stack: "dev", config: toRuntimeConfig(config).config });
}

/** `<type>::<name>`, the form of `parent`. */
const identity = (r: Pick<CapturedResource, "type" | "name">) => `${r.type}::${r.name}`;

interface IdentityDiff {
  readonly added: CapturedResource[];
  readonly removed: CapturedResource[];
  /** Identities present in both runs whose parent changed. */
  readonly reparented: string[];
}

function diff(before: ProgramRun, after: ProgramRun): IdentityDiff {
  const old = new Map(before.resources.map((r) => [identity(r), r]));
  const now = new Map(after.resources.map((r) => [identity(r), r]));
  return {
    added: after.resources.filter((r) => !old.has(identity(r))),
    removed: before.resources.filter((r) => !now.has(identity(r))),
    reparented: after.resources
      .filter((r) => old.has(identity(r)) && old.get(identity(r))?.parent !== r.parent)
      .map(identity),
  };
}

/** The captured permission-set component for `permissionSet` (its name ends `-permission-set/<name>`). */
function permissionSetComponent(run: ProgramRun, permissionSet: string): CapturedResource {
  const found = run.resources.find(
    (r) => r.type === PERMISSION_SET_COMPONENT && r.name.endsWith(`-permission-set/${permissionSet}`),
  );
  if (!found) throw new Error(`no permission-set component for ${permissionSet}`);
  return found;
}

/**
 * The exact identities and parents the account assignments of these (permission set, group,
 * account index) triples must have, sorted like {@link summary}.
 */
function expectedAssignments(run: ProgramRun, ...triples: [string, string, number][]) {
  return triples
    .map(([permissionSet, group, accountIndex]) => {
      const component = permissionSetComponent(run, permissionSet);
      const name = childName(component.name, "assignment", group, syntheticAccountId(accountIndex));
      return { identity: `${ASSIGNMENT}::${name}`, parent: identity(component) };
    })
    .sort(byIdentity);
}

const byIdentity = (a: { identity: string }, b: { identity: string }) => (a.identity < b.identity ? -1 : 1);

const summary = (resources: readonly CapturedResource[]) =>
  resources.map((r) => ({ identity: identity(r), parent: r.parent })).sort(byIdentity);

const typesOf = (resources: readonly CapturedResource[]) => resources.map((r) => r.type).sort();

describe("stable identities under config changes (whole program)", function () {
  this.timeout(60000);
  let base: ProgramRun;

  before(async () => {
    base = await render(baseConfig());
  });

  it("renders the base organisation with an assignment per group, set and account", () => {
    // 3 accounts × 4 groups, plus team-00's extra ReadOnly grant on acct-0000.
    expect(base.resources.filter((r) => r.type === ASSIGNMENT)).to.have.length(13);
  });

  it("adding an account to two groups' grants adds exactly those two account assignments", async () => {
    const after = await render(
      edited((config, groups) => {
        (config["argo-sso:accounts"] as Record<string, string>)["acct-0003"] = syntheticAccountId(3);
        groups["team-00"]?.aws[0]?.accounts.push("acct-0003");
        groups["team-01"]?.aws[0]?.accounts.push("acct-0003");
      }),
    );
    const changes = diff(base, after);
    expect(summary(changes.added)).to.deep.equal(
      expectedAssignments(base, ["Admin", "team-00", 3], ["ReadOnly", "team-01", 3]),
    );
    expect(changes.removed).to.deep.equal([]);
    expect(changes.reparented).to.deep.equal([]);
  });

  it("naming a new account without granting it declares nothing new", async () => {
    const after = await render(
      edited((config) => {
        (config["argo-sso:accounts"] as Record<string, string>)["acct-0009"] = syntheticAccountId(9);
      }),
    );
    expect(diff(base, after)).to.deep.equal({ added: [], removed: [], reparented: [] });
  });

  it("removing an account removes exactly its account assignments, one per group granted on it", async () => {
    const after = await render(
      edited((config, groups) => {
        delete (config["argo-sso:accounts"] as Record<string, string>)["acct-0002"];
        for (const group of Object.values(groups)) {
          for (const grant of group.aws) grant.accounts = grant.accounts.filter((a) => a !== "acct-0002");
        }
      }),
    );
    const changes = diff(base, after);
    expect(summary(changes.removed)).to.deep.equal(
      expectedAssignments(
        base,
        ["Admin", "team-00", 2],
        ["ReadOnly", "team-01", 2],
        ["Developer", "team-02", 2],
        ["Admin", "team-03", 2],
      ),
    );
    expect(changes.added).to.deep.equal([]);
    expect(changes.reparented).to.deep.equal([]);
  });

  it("adding a managed group adds its group, membership, assignments, SAML access and Workflows RBAC only", async () => {
    const after = await render(
      edited((_config, groups) => {
        groups["team-04"] = {
          members: ["user-00-000@example.com"],
          aws: [{ permissionSet: "ReadOnly", accounts: ["acct-0000", "acct-0001"] }],
          argocd: "role:readonly",
          workflows: "view",
        } as Groups[string];
      }),
    );
    const changes = diff(base, after);
    expect(typesOf(changes.added)).to.deep.equal(
      [
        "aws:identitystore/group:Group",
        "aws:identitystore/groupMembership:GroupMembership",
        ASSIGNMENT,
        ASSIGNMENT,
        "aws:ssoadmin/applicationAssignment:ApplicationAssignment",
        "kubernetes:core/v1:Secret",
        "kubernetes:core/v1:ServiceAccount",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      ].sort(),
    );
    for (const resource of changes.added) expect(resource.name, identity(resource)).to.include("team-04");
    const assignments = summary(changes.added.filter((r) => r.type === ASSIGNMENT));
    expect(assignments).to.deep.equal(
      expectedAssignments(base, ["ReadOnly", "team-04", 0], ["ReadOnly", "team-04", 1]),
    );
    expect(changes.removed).to.deep.equal([]);
    expect(changes.reparented).to.deep.equal([]);
  });

  it("reordering groups, accounts, grants, members and maps keeps every name and parent", async () => {
    const after = await render(reordered());
    expect(diff(base, after)).to.deep.equal({ added: [], removed: [], reparented: [] });
  });

  it("reordering groups, accounts, grants, members and maps changes no input and no output", async () => {
    const after = await render(reordered());
    expect(after.resources).to.deep.equal(base.resources);
    expect(after.outputs).to.deep.equal(base.outputs);
  });

  it("renaming a managed group's display name changes only that group's inputs", async () => {
    const after = await render(
      edited((_config, groups) => {
        (groups["team-00"] as Record<string, unknown>).displayName = "Platform Admins (renamed)";
      }),
    );
    expect(diff(base, after)).to.deep.equal({ added: [], removed: [], reparented: [] });
    const old = new Map(base.resources.map((r) => [identity(r), r]));
    const changed = after.resources.filter(
      (r) => JSON.stringify(old.get(identity(r))?.inputs) !== JSON.stringify(r.inputs),
    );
    expect(changed.map(identity)).to.have.length(1);
    expect(changed[0]?.type).to.equal("aws:identitystore/group:Group");
    expect(changed[0]?.name).to.match(/team-00$/);
    expect(changed[0]?.inputs.displayName).to.equal("Platform Admins (renamed)");
  });

  it("renaming an external group's display name (a new lookup) keeps every name and parent", async () => {
    const after = await render(
      edited((_config, groups) => {
        (groups["team-01"] as Record<string, unknown>).displayName =
          "Synthetic External 1 (renamed in the IdP)";
      }),
    );
    expect(diff(base, after)).to.deep.equal({ added: [], removed: [], reparented: [] });
  });

  it("adding a permission set adds its component, set, attachments and the assignments that use it only", async () => {
    const after = await render(
      edited((config, groups) => {
        (config["argo-sso:permissionSets"] as Record<string, unknown>).Billing = {
          preset: "BillingReadOnlyAccess",
        };
        groups["team-02"]?.aws.push({ permissionSet: "Billing", accounts: ["acct-0001"] });
      }),
    );
    const changes = diff(base, after);
    const component = permissionSetComponent(after, "Billing");
    const added = changes.added.filter((r) => r !== component);
    expect(changes.added).to.include(component);
    expect(added.length).to.be.greaterThan(2);
    for (const resource of added) expect(resource.parent, identity(resource)).to.equal(identity(component));
    expect(added.filter((r) => r.type === "aws:ssoadmin/permissionSet:PermissionSet")).to.have.length(1);
    expect(summary(added.filter((r) => r.type === ASSIGNMENT))).to.deep.equal(
      expectedAssignments(after, ["Billing", "team-02", 1]),
    );
    const others = added.filter(
      (r) => r.type !== ASSIGNMENT && r.type !== "aws:ssoadmin/permissionSet:PermissionSet",
    );
    for (const resource of others)
      expect(resource.type).to.match(/^aws:ssoadmin\/\w*(Attachment|InlinePolicy):/);
    expect(changes.removed).to.deep.equal([]);
    expect(changes.reparented).to.deep.equal([]);
  });
});

/** The base config with every list and map in reverse order. */
function reordered(): StackConfig {
  const reverse = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).reverse());
  return edited((config, groups) => {
    for (const key of ["argo-sso:accounts", "argo-sso:permissionSets", "argo-sso:users", "argo-sso:groups"]) {
      config[key] = reverse(config[key] as Record<string, unknown>);
    }
    for (const group of Object.values(groups)) {
      group.aws.reverse();
      for (const grant of group.aws) grant.accounts.reverse();
      group.members?.reverse();
    }
  });
}
