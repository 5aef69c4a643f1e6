/**
 * Adoption of existing account assignments (`aws[i].adopt: true`) and the owner stack's group
 * IDs, through the whole component. The import IDs are written out by hand in the comma-separated
 * form of the assignment's six arguments (principal ID, principal type, target ID, target type,
 * permission set ARN, instance ARN), as @pulumi/aws 7.48.0 documents `pulumi import` of
 * `aws:ssoadmin/accountAssignment:AccountAssignment` (ssoadmin/accountAssignment.d.ts).
 */
import { expect } from "chai";
import { IdentityCenter, type IdentityCenterArgs } from "../../components/identity-center";
import { ofType } from "../support/capture";
import {
  exampleArgs,
  group,
  permissionSet,
  runComponent,
  SANDBOX,
  user,
  WORKLOADS,
} from "./identity-center.fixture";

const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const PS_ARN = "arn:aws:sso:::permissionSet/ssoins-0000111122223333/ps-0123456789abcdef";
const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-0000111122223333";
const GROUP_ID = "aaaaaaaa-1111-2222-3333-444444444444";
const PINNED_ID = "bbbbbbbb-1111-2222-3333-444444444444";
const USER_ID = "cccccccc-1111-2222-3333-444444444444";

function run(args: IdentityCenterArgs) {
  return runComponent((provider) => {
    const idc = new IdentityCenter("idc", args, { providers: [provider] });
    return { groupIds: idc.groupIds };
  });
}

/** Every account assignment as principal type, account and import ID (null: not adopted). */
async function assignments(args: IdentityCenterArgs) {
  const { run: captured } = await run(args);
  return ofType(captured, ASSIGNMENT)
    .map((r) => [r.inputs.principalType, r.inputs.targetId, r.importId] as const)
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("components/identity-center adoption and owner groups", () => {
  const base = exampleArgs();
  const adoptArgs = exampleArgs({
    permissionSets: { Ops: permissionSet("Ops", { importId: `${PS_ARN},${INSTANCE_ARN}` }) },
    users: {
      "carol@example.com": user("carol@example.com", {
        importId: `d-0000000000/${USER_ID}`,
        aws: [{ permissionSet: "Ops", accountIds: [SANDBOX], adopt: true }],
      }),
    },
    groups: {
      managed: group("managed", {
        importId: `d-0000000000/${GROUP_ID}`,
        aws: [{ permissionSet: "Ops", accountIds: [SANDBOX], adopt: true }],
      }),
      pinned: group("pinned", {
        source: "external",
        pin: { groupId: PINNED_ID },
        aws: [{ permissionSet: "Ops", accountIds: [WORKLOADS], adopt: true }],
      }),
      unknown: group("unknown", { aws: [{ permissionSet: "Ops", accountIds: [WORKLOADS], adopt: true }] }),
      fresh: group("fresh", { aws: [{ permissionSet: "Ops", accountIds: [SANDBOX] }] }),
    },
  });

  it("imports each adopted assignment with the ID made from config, and only those", async () => {
    expect(await assignments(adoptArgs)).to.deep.equal([
      ["GROUP", SANDBOX, `${GROUP_ID},GROUP,${SANDBOX},AWS_ACCOUNT,${PS_ARN},${INSTANCE_ARN}`],
      ["GROUP", SANDBOX, null], // fresh: not adopted
      ["GROUP", WORKLOADS, `${PINNED_ID},GROUP,${WORKLOADS},AWS_ACCOUNT,${PS_ARN},${INSTANCE_ARN}`],
      ["GROUP", WORKLOADS, null], // unknown: adopt, but no import ID or pin gives its group ID
      ["USER", SANDBOX, `${USER_ID},USER,${SANDBOX},AWS_ACCOUNT,${PS_ARN},${INSTANCE_ARN}`],
    ]);
  });

  it("adopts nothing when the permission set has no import ID", async () => {
    const args = { ...adoptArgs, permissionSets: { Ops: permissionSet("Ops") } };
    expect((await assignments(args)).map(([, , importId]) => importId)).to.deep.equal([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it("imports nothing for a grant without adopt, even when every ID is known", async () => {
    const groups = {
      managed: group("managed", {
        importId: `d-0000000000/${GROUP_ID}`,
        aws: [{ permissionSet: "Ops", accountIds: [SANDBOX] }],
      }),
    };
    expect(await assignments({ ...adoptArgs, users: {}, groups })).to.deep.equal([["GROUP", SANDBOX, null]]);
  });

  it("takes an owner group's ID from the owner's groupIds", async () => {
    const args = exampleArgs({
      groups: { ...base.groups, ops: group("ops", { source: "owner" }) },
      ownerGroupIds: { ops: "dddddddd-1111-2222-3333-444444444444" },
    });
    const { run: captured } = await run(args);
    expect((captured.outputs.groupIds as Record<string, string>).ops).to.equal(
      "dddddddd-1111-2222-3333-444444444444",
    );
  });
});
