import { expect } from "chai";
import { IdentityCenter, type IdentityCenterArgs } from "../../components/identity-center";
import { DEFAULT_INSTANCE, type MockOptions } from "../../scripts/lib/mock-runtime";
import { findCreated, ofType } from "../support/capture";
import {
  ancestors,
  awsResources,
  exampleArgs,
  group,
  runComponent,
  SANDBOX,
  WORKLOADS,
} from "./identity-center.fixture";

const ROOT = "argo-sso:identity-center:IdentityCenter::idc";
const GROUP = "aws:identitystore/group:Group";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const APP_ASSIGNMENT = "aws:ssoadmin/applicationAssignment:ApplicationAssignment";
/**
 * The mock's IDs and ARNs, written out (scripts/lib/mock-runtime.ts; computed with python3's
 * hashlib): a created group's ID is the GUID-shaped sha256 of "group:<resource name>", the looked-up
 * external group's that of "external-group:Developers", and a permission set's ARN ends in `ps-` and
 * the first 16 hex digits of sha256(<resource name>). A component that wired one group's or set's ID
 * into another's resource fails against these.
 */
const GROUP_IDS = {
  auditors: "8ba4c2b3-f9ec-985a-0e67-6e19a002f832",
  developers: "4ef9b8e4-3944-55cc-62d4-232404560ad1",
  "platform-admins": "d4ad7f1a-56fd-8e02-1886-c93ad3358916",
};
const PS_ARNS = {
  Admin: "arn:aws:sso:::permissionSet/ssoins-0000111122223333/ps-c70ce0fd018f4034",
  Developer: "arn:aws:sso:::permissionSet/ssoins-0000111122223333/ps-941cc3fe75cd43b5",
};

function runIdentityCenter(
  args: IdentityCenterArgs = exampleArgs(),
  mocks: MockOptions = {},
  providerOption: "providers" | "provider" = "providers",
) {
  return runComponent((provider) => {
    const idc = new IdentityCenter(
      "idc",
      args,
      providerOption === "providers" ? { providers: [provider] } : { provider },
    );
    return {
      groupIds: idc.groupIds,
      permissionSetArns: idc.permissionSetArns,
      identityStoreId: idc.identityStoreId,
      instanceArn: idc.instanceArn,
      accessPortalUrl: idc.accessPortalUrl,
      awsCliConfig: idc.awsCliConfig,
      samlApplicationSetup: idc.samlApplicationSetup,
    };
  }, mocks);
}

async function failure(promise: Promise<unknown>): Promise<Error | undefined> {
  return promise.then(
    () => undefined,
    (err: Error) => err,
  );
}

describe("components/identity-center", () => {
  it("builds the directory, one component per permission set and the SAML app access under itself", async () => {
    const { run } = await runIdentityCenter();
    expect(run.resources.filter((r) => r.parent === ROOT).map((r) => `${r.type}::${r.name}`)).to.have.members(
      [
        "argo-sso:identity-center-directory:IdentityCenterDirectory::idc-directory",
        "argo-sso:permission-set:PermissionSet::idc-permission-set/Admin",
        "argo-sso:permission-set:PermissionSet::idc-permission-set/Developer",
        "argo-sso:saml-app-access:SamlAppAccess::idc-saml-app",
      ],
    );
  });

  it("creates the expected resources of each type", async () => {
    const { run } = await runIdentityCenter();
    const counts: Record<string, number> = {};
    for (const r of awsResources(run)) counts[r.type] = (counts[r.type] ?? 0) + 1;
    expect(counts).to.deep.equal({
      "aws:identitystore/group:Group": 2,
      "aws:identitystore/user:User": 1,
      "aws:identitystore/groupMembership:GroupMembership": 1,
      "aws:ssoadmin/permissionSet:PermissionSet": 2,
      "aws:ssoadmin/accountAssignment:AccountAssignment": 4,
      "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": 2,
      "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": 1,
      "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": 1,
      "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": 1,
      "aws:ssoadmin/applicationAssignment:ApplicationAssignment": 2,
    });
  });

  it("places every resource in the component's tree", async () => {
    const { run } = await runIdentityCenter();
    const inTree = run.resources.filter(
      (r) => r.type !== "pulumi:providers:aws" && `${r.type}::${r.name}` !== ROOT,
    );
    expect(inTree.length).to.be.greaterThan(17);
    for (const resource of inTree) expect(ancestors(run, resource), resource.name).to.include(ROOT);
  });

  for (const option of ["providers", "provider"] as const) {
    it(`sends every AWS resource to the provider given as opts.${option}`, async () => {
      const { run } = await runIdentityCenter(exampleArgs(), {}, option);
      const resources = awsResources(run);
      expect(resources).to.have.length(17);
      for (const resource of resources)
        expect(resource.provider, resource.name).to.equal("pulumi:providers:aws::aws");
    });
  }

  it("sends every invoke to the explicit provider", async () => {
    const { invokes } = await runIdentityCenter();
    expect(invokes.map((i) => i.token)).to.have.members([
      "aws:ssoadmin/getInstances:getInstances",
      "aws:identitystore/getGroup:getGroup",
      "aws:ssoadmin/getApplication:getApplication",
    ]);
    for (const invoke of invokes)
      expect(invoke.provider, invoke.token).to.match(/::pulumi:providers:aws::aws::/);
  });

  it("discovers the instance and identity store when they are not given", async () => {
    const { run } = await runIdentityCenter();
    expect(run.outputs.instanceArn).to.equal(DEFAULT_INSTANCE.arn);
    expect(run.outputs.identityStoreId).to.equal(DEFAULT_INSTANCE.identityStoreId);
    expect(findCreated(run, GROUP, "idc-directory-group/platform-admins").inputs.identityStoreId).to.equal(
      DEFAULT_INSTANCE.identityStoreId,
    );
  });

  it("uses the given instance without asking for one", async () => {
    const instanceArn = "arn:aws:sso:::instance/ssoins-9999888877776666";
    const { run, invokes } = await runIdentityCenter(
      exampleArgs({ instanceArn, identityStoreId: "d-9999999999" }),
    );
    expect(invokes.map((i) => i.token)).to.not.include("aws:ssoadmin/getInstances:getInstances");
    expect(run.outputs.instanceArn).to.equal(instanceArn);
    expect(
      findCreated(run, ASSIGNMENT, `idc-permission-set/Admin-assignment/platform-admins/${SANDBOX}`).inputs
        .instanceArn,
    ).to.equal(instanceArn);
  });

  it("looks the identity store up when only the instance is given, and keeps the given instance", async () => {
    const instanceArn = "arn:aws:sso:::instance/ssoins-9999888877776666";
    const { run, invokes } = await runIdentityCenter(exampleArgs({ instanceArn }));
    expect(invokes.map((i) => i.token)).to.include("aws:ssoadmin/getInstances:getInstances");
    expect([run.outputs.instanceArn, run.outputs.identityStoreId]).to.deep.equal([
      instanceArn,
      "d-0000000000",
    ]);
  });

  it("keeps a given identity store and takes the instance from the lookup", async () => {
    const { run } = await runIdentityCenter(exampleArgs({ identityStoreId: "d-9999999999" }));
    expect([run.outputs.instanceArn, run.outputs.identityStoreId]).to.deep.equal([
      "arn:aws:sso:::instance/ssoins-0000111122223333",
      "d-9999999999",
    ]);
  });

  it("fails clearly when no Identity Center instance is visible", async () => {
    const error = await failure(runIdentityCenter(exampleArgs(), { noInstance: true }));
    expect(error?.message).to.match(
      /argo-sso:identityCenter: no IAM Identity Center instance is visible in eu-west-1; enable Identity Center in its home region and use that region for the aws provider$/,
    );
  });

  it("fails with every configuration problem before declaring any resource", async () => {
    const groups = {
      ops: group("ops", { members: ["nobody"], aws: [{ permissionSet: "Dev", accountIds: [SANDBOX] }] }),
    };
    let error: Error | undefined;
    const { run } = await runComponent((provider) => {
      try {
        new IdentityCenter("idc", exampleArgs({ groups }), { providers: [provider] });
      } catch (err) {
        error = err as Error;
      }
      return {};
    });
    expect(error?.message).to.equal(
      [
        "invalid Identity Center configuration:",
        '  argo-sso:groups.ops.members[0]: unknown user "nobody"; known: alice@example.com',
        '  argo-sso:groups.ops.aws[0].permissionSet: unknown permission set "Dev"; known: Admin, Developer',
      ].join("\n"),
    );
    expect(run.resources.map((r) => r.type)).to.deep.equal(["pulumi:providers:aws"]);
  });

  it("fails with the missing external group's name and key", async () => {
    const error = await failure(runIdentityCenter(exampleArgs(), { missingExternalGroups: ["Developers"] }));
    expect(error?.message).to.match(
      /argo-sso:groups\.developers: external group "Developers" was not found in identity store d-0000000000; is SCIM provisioning done\?$/,
    );
  });

  it("assigns the SAML application to exactly the groups with an Argo role", async () => {
    const { run } = await runIdentityCenter();
    const assigned = ofType(run, APP_ASSIGNMENT);
    expect(assigned.map((r) => r.name)).to.deep.equal([
      "idc-saml-app-assignment/developers",
      "idc-saml-app-assignment/platform-admins",
    ]);
    expect(assigned.map((r) => r.inputs.principalId)).to.deep.equal([
      GROUP_IDS.developers,
      GROUP_IDS["platform-admins"],
    ]);
    expect(assigned.every((r) => r.inputs.principalType === "GROUP")).to.equal(true);
  });

  it("assigns each permission set to each granted (group, account) with the group's ID", async () => {
    const { run } = await runIdentityCenter();
    expect(
      ofType(run, ASSIGNMENT).map((r) => [r.name, r.inputs.principalId, r.inputs.permissionSetArn]),
    ).to.have.deep.members([
      [
        `idc-permission-set/Admin-assignment/platform-admins/${SANDBOX}`,
        GROUP_IDS["platform-admins"],
        PS_ARNS.Admin,
      ],
      [
        `idc-permission-set/Admin-assignment/platform-admins/${WORKLOADS}`,
        GROUP_IDS["platform-admins"],
        PS_ARNS.Admin,
      ],
      [`idc-permission-set/Developer-assignment/auditors/${SANDBOX}`, GROUP_IDS.auditors, PS_ARNS.Developer],
      [
        `idc-permission-set/Developer-assignment/developers/${WORKLOADS}`,
        GROUP_IDS.developers,
        PS_ARNS.Developer,
      ],
    ]);
  });

  it("assigns a user's own grant as a USER with the user's ID, beside the groups", async () => {
    const base = exampleArgs();
    const alice = base.users["alice@example.com"] as NonNullable<(typeof base.users)[string]>;
    const args = exampleArgs({
      users: {
        "alice@example.com": { ...alice, aws: [{ permissionSet: "Developer", accountIds: [SANDBOX] }] },
      },
    });
    const { run } = await runIdentityCenter(args);
    // The mock's user ID: the GUID-shaped sha256 of "user:idc-directory-user/alice@example.com".
    expect(
      findCreated(
        run,
        ASSIGNMENT,
        `idc-permission-set/Developer-user-assignment/alice@example.com/${SANDBOX}`,
      ).inputs,
    ).to.deep.equal({
      instanceArn: DEFAULT_INSTANCE.arn,
      permissionSetArn: PS_ARNS.Developer,
      principalId: "d8f9fb62-87e1-79cb-026b-26921c10e0e3",
      principalType: "USER",
      targetId: SANDBOX,
      targetType: "AWS_ACCOUNT",
    });
    expect(
      findCreated(run, ASSIGNMENT, `idc-permission-set/Developer-assignment/auditors/${SANDBOX}`).inputs
        .principalType,
    ).to.equal("GROUP");
  });

  it("protects groups, permission sets and account assignments when protect is true", async () => {
    const { run } = await runIdentityCenter(exampleArgs({ protect: true }));
    const protectedTypes = [...new Set(run.resources.filter((r) => r.protect).map((r) => r.type))];
    expect(protectedTypes).to.have.members([GROUP, "aws:ssoadmin/permissionSet:PermissionSet", ASSIGNMENT]);
    expect(ofType(run, ASSIGNMENT).every((r) => r.protect)).to.equal(true);
  });

  it("protects nothing when protect is false", async () => {
    const { run } = await runIdentityCenter(exampleArgs({ protect: false }));
    expect(run.resources.filter((r) => r.protect).map((r) => r.name)).to.deep.equal([]);
  });

  it("reports group IDs and permission-set ARNs by config key", async () => {
    const { run } = await runIdentityCenter();
    expect(run.outputs.permissionSetArns).to.deep.equal(PS_ARNS);
    expect(Object.keys(run.outputs.groupIds as object)).to.deep.equal([
      "auditors",
      "developers",
      "platform-admins",
    ]);
    expect(run.outputs.groupIds).to.deep.equal(GROUP_IDS);
  });

  it("derives the access portal URL from the identity store unless an alias URL is given", async () => {
    const derived = await runIdentityCenter();
    expect(derived.run.outputs.accessPortalUrl).to.equal("https://d-0000000000.awsapps.com/start");
    const alias = await runIdentityCenter(exampleArgs({ accessPortalUrl: "https://acme.awsapps.com/start" }));
    expect(alias.run.outputs.accessPortalUrl).to.equal("https://acme.awsapps.com/start");
  });

  it("writes a CLI profile per granted (account, permission set) against the access portal", async () => {
    const { run } = await runIdentityCenter(exampleArgs({ awsCliSessionName: "acme" }));
    const text = run.outputs.awsCliConfig as string;
    expect(text).to.contain("[sso-session acme]\nsso_start_url = https://d-0000000000.awsapps.com/start\n");
    expect(text.match(/^\[profile .*\]$/gm)).to.deep.equal([
      "[profile sandbox-admin]",
      "[profile sandbox-developer]",
      "[profile workloads-admin]",
      "[profile workloads-developer]",
    ]);
  });

  it("reports the console values for the SAML application", async () => {
    const { run } = await runIdentityCenter();
    expect(run.outputs.samlApplicationSetup).to.deep.include({
      acsUrl: "https://argocd.dev.example.com/api/dex/callback",
      audience: "https://argocd.dev.example.com/api/dex/callback",
      startUrl: "https://argocd.dev.example.com/auth/login",
    });
  });
});
