/**
 * The stable-names property of the Identity Center components (FIELD-NOTES "Stable resource
 * names"; aws-ia/terraform-aws-iam-identity-center #33): growing a config never renames,
 * re-parents or changes an existing resource, and shrinking it removes only what belonged to
 * the removed item. Keys are drawn from every character AWS allows in permission-set names
 * (`[\w+=,.@-]`), plus `/` and `:` in group keys, to stress the name encoding.
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { propertyRuns } from "../support/property";
import { IdentityCenter, type IdentityCenterArgs } from "../../components/identity-center";
import { encodeNamePart } from "../../components/naming";
import type { GroupSpec } from "../../components/identity-center-types";
import type { PermissionSetSpec } from "../../components/permission-set";
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

interface GrantModel {
  readonly ps: string;
  readonly accounts: readonly string[];
}
interface GroupModel {
  readonly key: string;
  readonly external: boolean;
  readonly argo: boolean;
  readonly grants: readonly GrantModel[];
}
interface Model {
  readonly permissionSets: readonly string[];
  readonly groups: readonly GroupModel[];
}

const grantArb = (permissionSets: readonly string[]) =>
  fc.record({ ps: fc.constantFrom(...permissionSets), accounts: fc.subarray(ACCOUNTS, { minLength: 1 }) });
const groupArb = (key: string, permissionSets: readonly string[]) =>
  fc.record({
    key: fc.constant(key),
    external: fc.boolean(),
    argo: fc.boolean(),
    grants: fc.array(grantArb(permissionSets), { maxLength: 2 }),
  });

const modelArb: fc.Arbitrary<Model> = fc
  .tuple(
    fc.uniqueArray(psName, { minLength: 1, maxLength: 3 }),
    fc.uniqueArray(groupKey, { minLength: 1, maxLength: 5 }),
  )
  .chain(([permissionSets, keys]) =>
    fc.record({
      permissionSets: fc.constant(permissionSets),
      groups: fc.tuple(...keys.map((key) => groupArb(key, permissionSets))),
    }),
  );

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
      members: [],
      aws: g.grants.map((grant) => ({ permissionSet: grant.ps, accountIds: [...grant.accounts] })),
      ...(g.argo ? { argocd: "role:readonly" } : {}),
    };
  }
  return {
    instanceArn: "arn:aws:sso:::instance/ssoins-0000111122223333",
    identityStoreId: "d-0000000000",
    region: "eu-west-1",
    accounts: {},
    permissionSets,
    users: {},
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

/** Every resource of `before` is in `after`, with the same parent and inputs. */
function expectKept(before: Map<string, string>, after: Map<string, string>) {
  for (const [id, state] of before) {
    expect(after.get(id), id).to.equal(state);
  }
}

type Growth = { kind: "account" | "group" | "permissionSet"; model: Model };

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
    .chain((key) => groupArb(key, model.permissionSets))
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
      return { kind: "permissionSet", model: { permissionSets: [...model.permissionSets, name], groups } };
    });
  return fc.oneof(addAccount, addGroup, addPermissionSet);
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
  return fc.oneof(removeGroup, removePermissionSet, removeAccount);
}

describe("components/identity-center: stable names", function () {
  this.timeout(300000);

  it("keeps every existing resource unchanged when an account, group or permission set is added", async () => {
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

  it("removes only the resources of a removed account, group or permission set", async () => {
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
});
