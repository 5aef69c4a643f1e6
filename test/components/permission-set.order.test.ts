/**
 * Defects 2 and 3 of issue 9: the order in which a permission set, its policies and its
 * account assignments are created and deleted, and the timeouts they wait with. Read from the
 * mock monitor's registration requests (the mocks never see resource options), as the capture
 * records them (scripts/lib/mock-runtime.ts): `dependsOn`, `deletedWith`, `customTimeouts`.
 */
import { expect } from "chai";
import { provisioningTimeout } from "../../components/permission-set";
import { findCreated, ofType } from "../support/capture";
import {
  ASSIGNMENT,
  BOUNDARY,
  CUSTOMER,
  DEVELOPER_POLICIES,
  INLINE,
  MANAGED,
  permissionSet,
  PS,
  runPermissionSet,
  SANDBOX,
  WORKLOADS,
} from "./identity-center.fixture";

/** The five policy resources of the spec below, written out. */
const POLICY_IDS = [
  `${MANAGED}::ps-managed-policy/aws/PowerUserAccess`,
  `${MANAGED}::ps-managed-policy/aws/job-function/ViewOnlyAccess`,
  `${CUSTOMER}::ps-customer-policy/team/deny-billing`,
  `${INLINE}::ps-inline-policy`,
  `${BOUNDARY}::ps-boundary`,
];

const spec = permissionSet("Developer", DEVELOPER_POLICIES);

function run() {
  return runPermissionSet(spec);
}

/** The captured resource `<type>::<name>`. */
function resource(r: Awaited<ReturnType<typeof run>>["run"], id: string) {
  const [type, name] = id.split("::");
  return findCreated(r, type, name);
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
    const { run: r } = await run();
    for (const id of POLICY_IDS) expect(resource(r, id).deletedWith, id).to.equal(`${PS}::ps-set`);
    for (const a of ofType(r, ASSIGNMENT)) expect(a.deletedWith, a.name).to.equal(null);
  });

  it("waits 15 minutes for an assignment and 10 min + 6 s per account for provisioning", async () => {
    const { run: r } = await run();
    // Two accounts: 10 min + ceil(12 s) = 11 min.
    for (const id of POLICY_IDS)
      expect(resource(r, id).customTimeouts, id).to.deep.equal({ create: "11m", delete: "11m" });
    expect(resource(r, `${PS}::ps-set`).customTimeouts).to.deep.equal({ update: "11m" });
    expect(resource(r, `${ASSIGNMENT}::ps-assignment/auditors/${SANDBOX}`).customTimeouts).to.deep.equal({
      create: "15m",
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
