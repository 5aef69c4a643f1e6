/**
 * Defects 2 and 3 of issue 9: the order in which a permission set, its policies and its
 * account assignments are created and deleted, and the timeouts they wait with. Read from the
 * mock monitor's registration requests (the mocks never see resource options): `dependsOn`
 * through the capture (scripts/lib/mock-runtime.ts), `deletedWith` and `customTimeouts` by
 * wrapping the monitor once more inside the program.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import {
  PermissionSet,
  provisioningTimeout,
  type PermissionSetAssignment,
} from "../../components/permission-set";
import { ofType } from "../support/capture";
import { permissionSet, runComponent, SANDBOX, WORKLOADS } from "./identity-center.fixture";

const INSTANCE = "arn:aws:sso:::instance/ssoins-0000111122223333";
const PS = "aws:ssoadmin/permissionSet:PermissionSet";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
const CUSTOMER = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment";
const INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
const BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment";

/** The five policy resources of the spec below, written out. */
const POLICY_IDS = [
  `${MANAGED}::ps-managed-policy/aws/PowerUserAccess`,
  `${MANAGED}::ps-managed-policy/aws/job-function/ViewOnlyAccess`,
  `${CUSTOMER}::ps-customer-policy/team/deny-billing`,
  `${INLINE}::ps-inline-policy`,
  `${BOUNDARY}::ps-boundary`,
];

const spec = permissionSet("Developer", {
  managedPolicies: [
    "arn:aws:iam::aws:policy/PowerUserAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  ],
  customerManagedPolicies: [{ name: "deny-billing", path: "/team/" }],
  inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
  permissionsBoundary: { customerManagedPolicy: { name: "boundary", path: "/" } },
});
const assignments: PermissionSetAssignment[] = [
  { groupKey: "developers", principalId: "group-id-dev", accountId: WORKLOADS },
  { groupKey: "developers", principalId: "group-id-dev", accountId: SANDBOX },
  { groupKey: "auditors", principalId: "group-id-aud", accountId: SANDBOX },
];

interface Options {
  deletedWith: string;
  timeouts: { create: string; update: string; delete: string } | undefined;
}

/** The parts of a registration request read here (the SDK ships the protobuf untyped). */
interface Request {
  getType(): string;
  getName(): string;
  getDeletedwith(): string;
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}
interface Monitor {
  registerResource(req: Request, callback: unknown): unknown;
}

async function run() {
  const options = new Map<string, Options>();
  const result = await runComponent((provider) => {
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
      const t = req.getCustomtimeouts();
      options.set(`${req.getType()}::${req.getName()}`, {
        deletedWith: req.getDeletedwith(),
        timeouts: t && { create: t.getCreate(), update: t.getUpdate(), delete: t.getDelete() },
      });
      return register(req, callback);
    };
    const ps = new PermissionSet(
      "ps",
      { instanceArn: INSTANCE, spec, assignments },
      { providers: [provider] },
    );
    return { arn: ps.arn };
  });
  return { run: result.run, options };
}

describe("components/permission-set: provisioning order and timeouts", () => {
  it("makes every account assignment depend on every policy resource of its set", async () => {
    const { run: r } = await run();
    const found = ofType(r, ASSIGNMENT);
    expect(found.map((a) => a.name)).to.have.members([
      `ps-assignment/auditors/${SANDBOX}`,
      `ps-assignment/developers/${SANDBOX}`,
      `ps-assignment/developers/${WORKLOADS}`,
    ]);
    // The set itself through the permissionSetArn input, and every policy resource.
    for (const assignment of found)
      expect(assignment.dependsOn, assignment.name).to.have.members([`${PS}::ps-set`, ...POLICY_IDS]);
  });

  it("deletes the policy resources with the permission set instead of detaching them one by one", async () => {
    const { run: r, options } = await run();
    const setUrn = r.resources.find((x) => x.type === PS)?.urn;
    expect(setUrn).to.match(/::ps-set$/);
    for (const id of POLICY_IDS) expect(options.get(id)?.deletedWith, id).to.equal(setUrn);
    for (const a of ofType(r, ASSIGNMENT))
      expect(options.get(`${ASSIGNMENT}::${a.name}`)?.deletedWith).to.equal("");
  });

  it("waits 15 minutes for an assignment and 10 min + 6 s per account for provisioning", async () => {
    const { options } = await run();
    // Two accounts: 10 min + ceil(12 s) = 11 min.
    for (const id of POLICY_IDS)
      expect(options.get(id)?.timeouts, id).to.deep.equal({ create: "11m", update: "", delete: "11m" });
    expect(options.get(`${PS}::ps-set`)?.timeouts).to.deep.equal({ create: "", update: "11m", delete: "" });
    expect(options.get(`${ASSIGNMENT}::ps-assignment/auditors/${SANDBOX}`)?.timeouts).to.deep.equal({
      create: "15m",
      update: "",
      delete: "15m",
    });
  });

  it("sizes the provisioning timeout to the number of accounts", () => {
    expect([0, 1, 10, 100, 500, 2000].map(provisioningTimeout)).to.deep.equal([
      "10m",
      "11m",
      "11m",
      "20m",
      "60m",
      "210m",
    ]);
  });
});
