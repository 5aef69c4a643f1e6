/**
 * The stable-names property of the Identity Center components (FIELD-NOTES "Stable resource
 * names"; aws-ia/terraform-aws-iam-identity-center #33): growing a config never renames,
 * re-parents or changes an existing resource, and shrinking it removes only what belonged to
 * the removed item. Keys are drawn from every character AWS allows in permission-set names
 * (`[\w+=,.@-]`), plus `/` and `:` in group keys, to stress the name encoding; groups have
 * members (users with the characters of an e-mail address) and Argo CD and Workflows roles.
 *
 * Run counts are small so that `npm test` stays fast; `FC_RUNS=<x>` multiplies them for a deeper
 * search, and `FC_MANY_GROUPS=<n>` sets how many groups the many-groups property draws at most
 * (default 40, about one second per run here).
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { propertyRuns } from "../support/property";
import { IdentityCenter, type IdentityCenterArgs } from "../../components/identity-center";
import { encodeNamePart } from "../../components/naming";
import type { GroupSpec, UserSpec } from "../../components/identity-center-types";
import type { PermissionSetSpec } from "../../components/permission-set";
import { WORKFLOWS_ROLES } from "../../components/workflows-rules";
import type { CapturedResource } from "../support/capture";
import { permissionSet, runComponent, SAML_APP_ARN } from "./identity-center.fixture";

const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** Every character AWS allows in a permission-set name (`[\w+=,.@-]`), up to its 32. */
const PS_UNIT = fc.constantFrom(...`${ALNUM}_+=,.@-`);
/** Every character of a group key (stacks/schema-groups.ts GROUP_KEY), plus `/` and `:`. */
const GROUP_UNIT = fc.constantFrom(...`${ALNUM}._@+=,-/:`);
const psName = fc.string({ unit: PS_UNIT, minLength: 1, maxLength: 32 });
const groupKey = fc.string({ unit: GROUP_UNIT, minLength: 1, maxLength: 64 });
/** User names as e-mail addresses: a local part of letters, digits and `._+-`, then a domain. */
const USER_UNIT = fc.constantFrom(...`${ALNUM}._+-`);
const userName = fc
  .tuple(
    fc.string({ unit: USER_UNIT, minLength: 1, maxLength: 24 }),
    fc.constantFrom("example.com", "a.example.org"),
  )
  .map(([local, domain]) => `${local}@${domain}`);
const MANY_GROUPS = Number(process.env.FC_MANY_GROUPS ?? "40");

interface GrantModel {
  readonly ps: string;
  readonly accounts: readonly string[];
}
interface GroupModel {
  readonly key: string;
  readonly external: boolean;
  readonly argo: boolean;
  readonly workflows: (typeof WORKFLOWS_ROLES)[number] | undefined;
  /** User names; only a managed group's members become memberships. */
  readonly members: readonly string[];
  readonly grants: readonly GrantModel[];
}
interface Model {
  readonly permissionSets: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly GroupModel[];
}

const grantArb = (permissionSets: readonly string[]) =>
  fc.record({ ps: fc.constantFrom(...permissionSets), accounts: fc.subarray(ACCOUNTS, { minLength: 1 }) });
const groupArb = (key: string, permissionSets: readonly string[], users: readonly string[]) =>
  fc.record({
    key: fc.constant(key),
    external: fc.boolean(),
    argo: fc.boolean(),
    workflows: fc.option(fc.constantFrom(...WORKFLOWS_ROLES), { nil: undefined }),
    members: fc.subarray([...users]),
    grants: fc.array(grantArb(permissionSets), { maxLength: 2 }),
  });

const modelArbWith = (maxGroups: number): fc.Arbitrary<Model> =>
  fc
    .tuple(
      fc.uniqueArray(psName, { minLength: 1, maxLength: 3 }),
      fc.uniqueArray(userName, { maxLength: 4 }),
      fc.uniqueArray(groupKey, { minLength: 1, maxLength: maxGroups }),
    )
    .chain(([permissionSets, users, keys]) =>
      fc.record({
        permissionSets: fc.constant(permissionSets),
        users: fc.constant(users),
        groups: fc.tuple(...keys.map((key) => groupArb(key, permissionSets, users))),
      }),
    );
const modelArb = modelArbWith(5);

function toArgs(model: Model): IdentityCenterArgs {
  const permissionSets: Record<string, PermissionSetSpec> = {};
  for (const name of model.permissionSets) {
    permissionSets[name] = permissionSet(name, {
      managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    });
  }
  const groups: Record<string, GroupSpec> = {};
  for (const g of model.groups) {
    groups[g.key] = {
      key: g.key,
      displayName: g.key,
      source: g.external ? "external" : "managed",
      members: g.external ? [] : [...g.members],
      aws: g.grants.map((grant) => ({ permissionSet: grant.ps, accountIds: [...grant.accounts] })),
      ...(g.argo ? { argocd: "role:readonly" } : {}),
      ...(g.workflows === undefined ? {} : { workflows: g.workflows }),
    };
  }
  const users: Record<string, UserSpec> = {};
  for (const name of model.users) {
    users[name] = {
      userName: name,
      displayName: name,
      givenName: "Given",
      familyName: "Family",
      email: name,
    };
  }
  return {
    instanceArn: "arn:aws:sso:::instance/ssoins-0000111122223333",
    identityStoreId: "d-0000000000",
    region: "eu-west-1",
    accounts: {},
    permissionSets,
    users,
    groups,
    samlApplicationArn: SAML_APP_ARN,
    argocdUrl: "https://argocd.example.com",
  };
}

/** What identifies a resource in state and what a change to it would be: (type, name, parent, inputs). */
function snapshot(resources: readonly CapturedResource[]): Map<string, string> {
  return new Map(
    resources
      .filter((r) => r.type !== "pulumi:providers:aws")
      .map((r) => [`${r.type}::${r.name}`, JSON.stringify({ parent: r.parent, inputs: r.inputs })]),
  );
}

async function resourcesOf(model: Model): Promise<Map<string, string>> {
  const { run } = await runComponent((provider) => {
    new IdentityCenter("idc", toArgs(model), { providers: [provider] });
    return {};
  });
  return snapshot(run.resources);
}

/**
 * What the model must produce, written out from the naming scheme in docs/identity-center.md
 * (not from the component): one group per managed group, one membership per (managed group,
 * member), one SAML application assignment per group with an Argo CD or a Workflows role.
 */
function expectedNames(model: Model): { groups: string[]; memberships: string[]; appAssignments: string[] } {
  const managed = model.groups.filter((g) => !g.external);
  return {
    groups: managed.map((g) => `idc-directory-group/${encodeNamePart(g.key)}`).sort(),
    memberships: managed
      .flatMap((g) =>
        g.members.map((m) => `idc-directory-membership/${encodeNamePart(g.key)}/${encodeNamePart(m)}`),
      )
      .sort(),
    appAssignments: model.groups
      .filter((g) => g.argo || g.workflows !== undefined)
      .map((g) => `idc-saml-app-assignment/${encodeNamePart(g.key)}`)
      .sort(),
  };
}

function namesOfType(resources: Map<string, string>, type: string): string[] {
  return [...resources.keys()]
    .filter((id) => id.startsWith(`${type}::`))
    .map((id) => id.slice(type.length + 2))
    .sort();
}

/** Every resource of `before` is in `after`, with the same parent and inputs. */
function expectKept(before: Map<string, string>, after: Map<string, string>) {
  for (const [id, state] of before) {
    expect(after.get(id), id).to.equal(state);
  }
}

type Growth = { kind: "account" | "group" | "permissionSet" | "member" | "workflows"; model: Model };

function growthArb(model: Model): fc.Arbitrary<Growth> {
  const addAccount = fc
    .tuple(
      fc.nat(model.groups.length - 1),
      fc.constantFrom(...model.permissionSets),
      fc.constantFrom(...ACCOUNTS),
    )
    .map(([i, ps, account]): Growth => {
      const groups = model.groups.map((g, j) =>
        j === i ? { ...g, grants: [...g.grants, { ps, accounts: [account] }] } : g,
      );
      return { kind: "account", model: { ...model, groups } };
    });
  const addGroup = groupKey
    .filter((key) => !model.groups.some((g) => g.key === key))
    .chain((key) => groupArb(key, model.permissionSets, model.users))
    .map((group): Growth => ({ kind: "group", model: { ...model, groups: [...model.groups, group] } }));
  const addPermissionSet = fc
    .tuple(
      psName.filter((name) => !model.permissionSets.includes(name)),
      fc.nat(model.groups.length - 1),
      fc.subarray(ACCOUNTS),
    )
    .map(([name, i, accounts]): Growth => {
      const groups = model.groups.map((g, j) =>
        j === i && accounts.length > 0 ? { ...g, grants: [...g.grants, { ps: name, accounts }] } : g,
      );
      return {
        kind: "permissionSet",
        model: { ...model, permissionSets: [...model.permissionSets, name], groups },
      };
    });
  // A new or existing user joins a group.
  const addMember = fc
    .tuple(
      fc.nat(model.groups.length - 1),
      fc.oneof(fc.constantFrom(...model.users, "new@example.com"), userName),
    )
    .filter(([i, member]) => !(model.groups[i] as GroupModel).members.includes(member))
    .map(([i, member]): Growth => {
      const groups = model.groups.map((g, j) => (j === i ? { ...g, members: [...g.members, member] } : g));
      const users = model.users.includes(member) ? model.users : [...model.users, member];
      return { kind: "member", model: { ...model, users, groups } };
    });
  // A group without a Workflows role gets one (when there is such a group).
  const withoutWorkflows = model.groups.flatMap((g, i) => (g.workflows === undefined ? [i] : []));
  const addWorkflows = fc
    .tuple(fc.constantFrom(...withoutWorkflows, -1), fc.constantFrom(...WORKFLOWS_ROLES))
    .map(([i, workflows]): Growth => {
      const groups = model.groups.map((g, j) => (j === i ? { ...g, workflows } : g));
      return { kind: "workflows", model: { ...model, groups } };
    });
  return fc.oneof(addAccount, addGroup, addPermissionSet, addMember, addWorkflows);
}

type Removal = { description: string; model: Model; owns: (id: string, parent: string | null) => boolean };

const segments = (id: string) => (id.split("::").pop() as string).split("/");

function removalArb(model: Model): fc.Arbitrary<Removal> {
  const removeGroup = fc.constantFrom(...model.groups).map((gone): Removal => {
    const key = encodeNamePart(gone.key);
    return {
      description: `group ${gone.key}`,
      model: { ...model, groups: model.groups.filter((g) => g !== gone) },
      owns: (id) =>
        id.startsWith("aws:ssoadmin/accountAssignment:") ? segments(id)[2] === key : segments(id)[1] === key,
    };
  });
  const removePermissionSet = fc.constantFrom(...model.permissionSets).map((gone): Removal => {
    const component = `argo-sso:permission-set:PermissionSet::idc-permission-set/${encodeNamePart(gone)}`;
    return {
      description: `permission set ${gone}`,
      model: {
        ...model,
        permissionSets: model.permissionSets.filter((p) => p !== gone),
        groups: model.groups.map((g) => ({ ...g, grants: g.grants.filter((grant) => grant.ps !== gone) })),
      },
      owns: (id, parent) => id === component || parent === component,
    };
  });
  const removeAccount = fc.constantFrom(...ACCOUNTS).map((gone): Removal => {
    return {
      description: `account ${gone}`,
      model: {
        ...model,
        groups: model.groups.map((g) => ({
          ...g,
          grants: g.grants.map((grant) => ({ ...grant, accounts: grant.accounts.filter((a) => a !== gone) })),
        })),
      },
      owns: (id) => id.startsWith("aws:ssoadmin/accountAssignment:") && segments(id)[3] === gone,
    };
  });
  const removeUser = fc.constantFrom(...model.users, "nobody@example.com").map((gone): Removal => {
    const user = encodeNamePart(gone);
    return {
      description: `user ${gone}`,
      model: {
        ...model,
        users: model.users.filter((u) => u !== gone),
        groups: model.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== gone) })),
      },
      owns: (id) =>
        (id.startsWith("aws:identitystore/user:") && segments(id)[1] === user) ||
        (id.startsWith("aws:identitystore/groupMembership:") && segments(id)[2] === user),
    };
  });
  return fc.oneof(removeGroup, removePermissionSet, removeAccount, removeUser);
}

describe("components/identity-center: stable names", function () {
  this.timeout(300000);

  it("keeps every existing resource unchanged when an account, group, permission set, member or Workflows role is added", async () => {
    await fc.assert(
      fc.asyncProperty(
        modelArb.chain((model) => fc.tuple(fc.constant(model), growthArb(model))),
        async ([model, growth]) => {
          const before = await resourcesOf(model);
          const after = await resourcesOf(growth.model);
          expectKept(before, after);
          expect(after.size, growth.kind).to.be.greaterThanOrEqual(before.size);
        },
      ),
      propertyRuns(20),
    );
  });

  it("removes only the resources of a removed account, group, permission set or user", async () => {
    await fc.assert(
      fc.asyncProperty(
        modelArb.chain((model) => fc.tuple(fc.constant(model), removalArb(model))),
        async ([model, removal]) => {
          const before = await resourcesOf(model);
          const after = await resourcesOf(removal.model);
          expectKept(after, before);
          for (const [id, state] of before) {
            if (after.has(id)) continue;
            const parent = (JSON.parse(state) as { parent: string | null }).parent;
            expect(removal.owns(id, parent), `${id} removed with ${removal.description}`).to.equal(true);
          }
        },
      ),
      propertyRuns(20),
    );
  });

  it("creates exactly the groups, memberships and SAML application assignments of many groups", async () => {
    await fc.assert(
      fc.asyncProperty(modelArbWith(MANY_GROUPS), async (model) => {
        const resources = await resourcesOf(model);
        const want = expectedNames(model);
        expect(namesOfType(resources, "aws:identitystore/group:Group")).to.deep.equal(want.groups);
        expect(namesOfType(resources, "aws:identitystore/groupMembership:GroupMembership")).to.deep.equal(
          want.memberships,
        );
        expect(
          namesOfType(resources, "aws:ssoadmin/applicationAssignment:ApplicationAssignment"),
        ).to.deep.equal(want.appAssignments);
      }),
      propertyRuns(2),
    );
  });
});
