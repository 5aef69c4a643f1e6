import { expect } from "chai";
import {
  permissionSetWarnings,
  type PermissionSetAssignment,
  type PermissionSetSpec,
} from "../../components/permission-set";
import { findCreated, ofType } from "../support/capture";
import {
  ASSIGNMENT,
  awsResources,
  BOUNDARY,
  CUSTOMER,
  DEVELOPER_ASSIGNMENTS,
  DEVELOPER_POLICIES,
  INLINE,
  INSTANCE,
  MANAGED,
  permissionSet,
  PS,
  runPermissionSet as runFixtureSet,
  SANDBOX,
  WORKLOADS,
} from "./identity-center.fixture";

const ATTACHMENTS = [MANAGED, CUSTOMER, INLINE, BOUNDARY];
/**
 * The mock's ARN for the permission set named "ps-set", written out: `ps-` and the first 16 hex
 * digits of sha256("ps-set") after the instance (scripts/lib/mock-runtime.ts, computed with python3's
 * hashlib), so a component that wired another resource's ARN (or none) into its children fails.
 */
const PS_ARN = "arn:aws:sso:::permissionSet/ssoins-0000111122223333/ps-62cb5c64c83f281e";

const developer = permissionSet("Developer", {
  description: "Day-to-day engineering",
  sessionDuration: "PT4H",
  relayState: "https://console.aws.amazon.com/",
  tags: { team: "platform" },
  ...DEVELOPER_POLICIES,
});
const assignments = DEVELOPER_ASSIGNMENTS;

function runPermissionSet(
  spec: PermissionSetSpec = developer,
  protect?: boolean,
  given: readonly PermissionSetAssignment[] = assignments,
) {
  return runFixtureSet(spec, protect, given);
}

describe("components/permission-set", () => {
  it("creates the permission set with its name, description, session, relay state and tags", async () => {
    const { run } = await runPermissionSet();
    expect(findCreated(run, PS, "ps-set").inputs).to.deep.equal({
      instanceArn: INSTANCE,
      name: "Developer",
      description: "Day-to-day engineering",
      sessionDuration: "PT4H",
      relayState: "https://console.aws.amazon.com/",
      tags: { team: "platform" },
    });
  });

  it("leaves optional fields out when they are not configured", async () => {
    const { run } = await runPermissionSet(permissionSet("Plain"));
    expect(findCreated(run, PS, "ps-set").inputs).to.deep.equal({
      instanceArn: INSTANCE,
      name: "Plain",
      sessionDuration: "PT1H",
    });
    expect(run.resources.filter((r) => ATTACHMENTS.includes(r.type))).to.deep.equal([]);
  });

  it("attaches each managed policy under a name derived from its ARN", async () => {
    const { run } = await runPermissionSet();
    expect(ofType(run, MANAGED).map((r) => [r.name, r.inputs.managedPolicyArn])).to.deep.equal([
      ["ps-managed-policy/aws/PowerUserAccess", "arn:aws:iam::aws:policy/PowerUserAccess"],
      [
        "ps-managed-policy/aws/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
      ],
    ]);
  });

  it("attaches customer-managed policies, the inline policy and the permissions boundary", async () => {
    const { run } = await runPermissionSet();
    expect(findCreated(run, CUSTOMER, "ps-customer-policy/team/deny-billing").inputs).to.deep.equal({
      instanceArn: INSTANCE,
      permissionSetArn: PS_ARN,
      customerManagedPolicyReference: { name: "deny-billing", path: "/team/" },
    });
    expect(findCreated(run, INLINE, "ps-inline-policy").inputs.inlinePolicy).to.equal(
      '{"Version":"2012-10-17","Statement":[]}',
    );
    expect(findCreated(run, BOUNDARY, "ps-boundary").inputs.permissionsBoundary).to.deep.equal({
      customerManagedPolicyReference: { name: "boundary", path: "/" },
    });
  });

  it("attaches every policy and assignment to this permission set in this instance", async () => {
    const { run } = await runPermissionSet();
    const children = run.resources.filter((r) => [...ATTACHMENTS, ASSIGNMENT].includes(r.type));
    expect(children).to.have.length(8);
    for (const child of children) {
      expect(child.inputs.instanceArn, child.name).to.equal(INSTANCE);
      expect(child.inputs.permissionSetArn, child.name).to.equal(PS_ARN);
    }
  });

  it("attaches an AWS-managed permissions boundary by ARN", async () => {
    const spec = permissionSet("B", {
      permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
    });
    const { run } = await runPermissionSet(spec);
    expect(findCreated(run, BOUNDARY, "ps-boundary").inputs.permissionsBoundary).to.deep.equal({
      managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
  });

  it("never uses the *Exclusive attachment resources", async () => {
    const { run } = await runPermissionSet();
    expect(run.resources.filter((r) => /Exclusive/.test(r.type))).to.deep.equal([]);
  });

  it("assigns each group to each account as a GROUP on an AWS_ACCOUNT", async () => {
    const { run } = await runPermissionSet();
    expect(ofType(run, ASSIGNMENT).map((r) => r.name)).to.have.members([
      `ps-assignment/developers/${WORKLOADS}`,
      `ps-assignment/developers/${SANDBOX}`,
      `ps-assignment/auditors/${SANDBOX}`,
    ]);
    expect(findCreated(run, ASSIGNMENT, `ps-assignment/auditors/${SANDBOX}`).inputs).to.deep.equal({
      instanceArn: INSTANCE,
      permissionSetArn: PS_ARN,
      principalId: "group-id-aud",
      principalType: "GROUP",
      targetId: SANDBOX,
      targetType: "AWS_ACCOUNT",
    });
  });

  it("makes no policy resource depend on an account assignment (the set is finished before it is provisioned)", async () => {
    const { run } = await runPermissionSet();
    const attachments = run.resources.filter((r) => ATTACHMENTS.includes(r.type));
    expect(attachments).to.have.length(5);
    for (const attachment of attachments)
      expect(
        attachment.dependsOn.filter((d) => d.startsWith(ASSIGNMENT)),
        attachment.name,
      ).to.deep.equal([]);
  });

  it("parents every child to the component and sends it to the explicit provider", async () => {
    const { run } = await runPermissionSet();
    expect(awsResources(run)).to.have.length(9);
    for (const child of awsResources(run)) {
      expect(child.parent, child.name).to.equal("argo-sso:permission-set:PermissionSet::ps");
      expect(child.provider, child.name).to.equal("pulumi:providers:aws::aws");
    }
  });

  it("protects the permission set and its assignments, not the attachments, when asked", async () => {
    const { run } = await runPermissionSet(developer, true);
    const protectedTypes = new Set(run.resources.filter((r) => r.protect).map((r) => r.type));
    expect([...protectedTypes]).to.have.members([PS, ASSIGNMENT]);
    expect(ofType(run, ASSIGNMENT).every((r) => r.protect)).to.equal(true);
  });

  it("reports the ARN and the name", async () => {
    const { run } = await runPermissionSet();
    expect(run.outputs).to.deep.equal({ arn: PS_ARN, name: "Developer" });
  });

  it("assigns a user as a USER under its own role word", async () => {
    const { run } = await runPermissionSet(developer, false, [
      {
        groupKey: "alice@example.com",
        principalId: "user-id-alice",
        accountId: SANDBOX,
        principalType: "USER",
      },
    ]);
    expect(ofType(run, ASSIGNMENT).map((r) => [r.name, r.inputs])).to.deep.equal([
      [
        `ps-user-assignment/alice@example.com/${SANDBOX}`,
        {
          instanceArn: INSTANCE,
          permissionSetArn: PS_ARN,
          principalId: "user-id-alice",
          principalType: "USER",
          targetId: SANDBOX,
          targetType: "AWS_ACCOUNT",
        },
      ],
    ]);
  });

  it("declares a repeated (group, account) assignment once", async () => {
    const { run } = await runPermissionSet(developer, false, [
      ...assignments,
      assignments[0] as PermissionSetAssignment,
    ]);
    expect(
      ofType(run, ASSIGNMENT)
        .map((r) => r.name)
        .sort(),
    ).to.deep.equal([
      `ps-assignment/auditors/${SANDBOX}`,
      `ps-assignment/developers/${SANDBOX}`,
      `ps-assignment/developers/${WORKLOADS}`,
    ]);
  });

  it("adopts the permission set and an assignment by their import IDs, and nothing else", async () => {
    const spec = { ...developer, importId: `ps-0123456789abcdef,${INSTANCE}` };
    const { run } = await runPermissionSet(spec, false, [
      { ...(assignments[0] as PermissionSetAssignment), importId: "adopt-me" },
      assignments[2] as PermissionSetAssignment,
    ]);
    expect(findCreated(run, PS, "ps-set").importId).to.equal(`ps-0123456789abcdef,${INSTANCE}`);
    expect(ofType(run, ASSIGNMENT).map((r) => [r.name, r.importId])).to.have.deep.members([
      [`ps-assignment/developers/${WORKLOADS}`, "adopt-me"],
      [`ps-assignment/auditors/${SANDBOX}`, null],
    ]);
  });

  it("gives provisioning 12 minutes over 11 accounts (10 min + 6 s each, rounded up)", async () => {
    const accounts = Array.from({ length: 11 }, (_, i) => `3000000000${String(i).padStart(2, "0")}`);
    const { run } = await runPermissionSet(
      developer,
      false,
      accounts.map((accountId) => ({ groupKey: "developers", principalId: "group-id-dev", accountId })),
    );
    expect(findCreated(run, PS, "ps-set").customTimeouts).to.deep.equal({ update: "12m" });
  });

  it("attaches a managed policy given twice once", async () => {
    const spec = permissionSet("Many", {
      managedPolicies: [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
      ],
    });
    const { run } = await runPermissionSet(spec);
    expect(
      ofType(run, MANAGED)
        .map((r) => r.name)
        .sort(),
    ).to.deep.equal(["ps-managed-policy/aws/AmazonS3ReadOnlyAccess", "ps-managed-policy/aws/ReadOnlyAccess"]);
  });

  it("prints the policy-count warning during the run", async () => {
    const spec = permissionSet("Big", {
      managedPolicies: Array.from({ length: 11 }, (_, i) => `arn:aws:iam::aws:policy/P${i}`),
    });
    const { run } = await runPermissionSet(spec);
    expect(run.warnings).to.deep.equal([
      'permission set "Big": 11 managed and customer-managed policies; IAM allows 10 per role unless the quota is raised in every target account',
    ]);
  });

  describe("permissionSetWarnings", () => {
    const arns = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/P${i}`);

    it("warns above 10 managed and customer-managed policies", () => {
      const spec = permissionSet("Big", {
        managedPolicies: arns(10),
        customerManagedPolicies: [{ name: "x", path: "/" }],
      });
      expect(permissionSetWarnings(spec)).to.deep.equal([
        'permission set "Big": 11 managed and customer-managed policies; IAM allows 10 per role unless the quota is raised in every target account',
      ]);
    });

    it("stays quiet at 10", () => {
      expect(permissionSetWarnings(permissionSet("Ok", { managedPolicies: arns(10) }))).to.deep.equal([]);
    });
  });
});
