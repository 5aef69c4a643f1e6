/**
 * Stable identity, as a property (issue 9): two organisations drawn at random from one small
 * pool of accounts, an OU (with accounts joining and leaving it), existing users with their own
 * grants and groups are rendered through the whole program; every Identity Center resource
 * present in both runs keeps its name, parent and inputs, and the account assignments that
 * appear or disappear are exactly those of the (principal, permission set, account) triples one
 * organisation has and the other has not.
 */
import { expect } from "chai";
import fc from "fast-check";
import { exampleRuntimeConfig, toRuntimeValue } from "../support/configs";
import { runProgram, type ProgramRun } from "../support/capture";

const ACCOUNTS = { "acct-a": "100000000001", "acct-b": "100000000002", "acct-c": "100000000003" };
const OU = "ou-ab12-pool0001";
/** Accounts that may be in the OU (one of them also listed by name). */
const OU_POOL = ["100000000003", "200000000001", "200000000002"];
const USERS = ["u1@pool.example", "u2@pool.example"];
const GROUPS = ["g-admin", "g-dev", "g-ext"];

interface World {
  readonly accounts: readonly string[];
  readonly useOu: boolean;
  readonly ouAccounts: readonly string[];
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

const world: fc.Arbitrary<World> = fc.record({
  accounts: fc.subarray(["acct-b", "acct-c"]),
  useOu: fc.boolean(),
  ouAccounts: fc.subarray(OU_POOL),
  users: fc.subarray(USERS),
  groups: fc.subarray(GROUPS, { minLength: 1 }),
});

const PERMISSION_SET = { "g-admin": "Admin", "g-dev": "Dev", "g-ext": "Dev" } as const;

function targets(w: World): string[] {
  return ["acct-a", ...w.accounts, ...(w.useOu ? [OU] : [])];
}

function config(w: World): Record<string, string> {
  const base = exampleRuntimeConfig("identity");
  const groups: Record<string, unknown> = {};
  for (const key of w.groups) {
    const grant = { permissionSet: PERMISSION_SET[key as keyof typeof PERMISSION_SET], accounts: targets(w) };
    groups[key] =
      key === "g-ext"
        ? {
            source: "external",
            groupId: "4428b4f8-a0b1-70c2-9d3e-3b4c5d6e7f81",
            aws: [grant],
            argocd: "role:readonly",
          }
        : {
            members: key === "g-admin" ? [...w.users] : [],
            aws: [grant],
            argocd: "role:admin",
            workflows: "admin",
          };
  }
  const users = Object.fromEntries(
    w.users.map((u) => [u, { source: "existing", aws: [{ permissionSet: "Dev", accounts: ["acct-a"] }] }]),
  );
  return {
    ...base,
    "argo-sso:accounts": toRuntimeValue(ACCOUNTS),
    "argo-sso:permissionSets": toRuntimeValue({
      Admin: { preset: "AdministratorAccess" },
      Dev: { preset: "PowerUserAccess" },
    }),
    "argo-sso:users": toRuntimeValue(users),
    "argo-sso:groups": toRuntimeValue(groups),
  };
}

/** The assignment names a world must produce, written out from the naming scheme in docs/identity-center.md. */
function expectedAssignments(w: World): Set<string> {
  const ids = [
    "100000000001",
    ...w.accounts.map((a) => ACCOUNTS[a as keyof typeof ACCOUNTS]),
    ...(w.useOu ? w.ouAccounts : []),
  ];
  const names = new Set<string>();
  for (const key of w.groups) {
    for (const id of ids)
      names.add(
        `identity-center-permission-set/${PERMISSION_SET[key as keyof typeof PERMISSION_SET]}-assignment/${key}/${id}`,
      );
  }
  for (const u of w.users) names.add(`identity-center-permission-set/Dev-user-assignment/${u}/100000000001`);
  return names;
}

function render(w: World): Promise<ProgramRun> {
  return runProgram({
    stack: "identity",
    config: config(w),
    mocks: { organizationalUnits: { [OU]: w.ouAccounts.map((id) => ({ id, name: `pool-${id}` })) } },
  });
}

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const key = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

describe("stable identity under added and removed accounts, OUs, users and groups (property)", function () {
  this.timeout(600000);

  it("keeps every shared Identity Center resource's name, parent and inputs, and changes exactly the assignments that differ", async () => {
    await fc.assert(
      fc.asyncProperty(world, world, async (a, b) => {
        const [runA, runB] = [await render(a), await render(b)];
        const inA = new Map(runA.resources.filter((r) => r.type.startsWith("aws:")).map((r) => [key(r), r]));
        for (const r of runB.resources.filter((x) => x.type.startsWith("aws:"))) {
          const old = inA.get(key(r));
          if (!old) continue;
          expect(r.parent, key(r)).to.equal(old.parent);
          expect(r.inputs, key(r)).to.deep.equal(old.inputs);
        }
        const names = (run: ProgramRun) =>
          new Set(run.resources.filter((r) => r.type === ASSIGNMENT).map((r) => r.name));
        expect([...names(runA)].sort()).to.deep.equal([...expectedAssignments(a)].sort());
        expect([...names(runB)].sort()).to.deep.equal([...expectedAssignments(b)].sort());
      }),
      { numRuns: 6, seed: 20261129 },
    );
  });
});
