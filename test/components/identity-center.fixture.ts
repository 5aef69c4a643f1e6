/**
 * Typed builders for Identity Center component tests: small valid specs with the defaults the
 * config loader would fill in, and one example config shaped like DESIGN.md's stack file.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { GroupSpec, UserSpec } from "../../components/identity-center-types";
import {
  PermissionSet,
  type PermissionSetAssignment,
  type PermissionSetSpec,
} from "../../components/permission-set";
import type { IdentityCenterArgs } from "../../components/identity-center";
import type { MockOptions } from "../../scripts/lib/mock-runtime";
import { runProgram, type CapturedResource, type ProgramRun } from "../support/capture";

/** The instance the component tests use, and the type tokens of a permission set's resources. */
export const INSTANCE = "arn:aws:sso:::instance/ssoins-0000111122223333";
export const PS = "aws:ssoadmin/permissionSet:PermissionSet";
export const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
export const MANAGED = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
export const CUSTOMER = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment";
export const INLINE = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
export const BOUNDARY = "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment";
export const SANDBOX = "111111111111";
export const WORKLOADS = "222222222222";
export const SAML_APP_ARN =
  "arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888";

export function permissionSet(name: string, extra: Partial<PermissionSetSpec> = {}): PermissionSetSpec {
  return {
    name,
    sessionDuration: "PT1H",
    tags: {},
    managedPolicies: [],
    customerManagedPolicies: [],
    ...extra,
  };
}

export function group(key: string, extra: Partial<GroupSpec> = {}): GroupSpec {
  return { key, displayName: key, source: "managed", members: [], aws: [], ...extra };
}

export function user(userName: string, extra: Partial<UserSpec> = {}): UserSpec {
  return { userName, displayName: "Alice Doe", givenName: "Alice", familyName: "Doe", ...extra };
}

/** The example from DESIGN.md: a managed admin group with a member, an external developer group. */
export function exampleArgs(extra: Partial<IdentityCenterArgs> = {}): IdentityCenterArgs {
  return {
    region: "eu-west-1",
    accounts: { sandbox: SANDBOX, workloads: WORKLOADS },
    permissionSets: {
      Admin: permissionSet("Admin", {
        sessionDuration: "PT8H",
        managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
      }),
      Developer: permissionSet("Developer", {
        description: "Day-to-day engineering",
        sessionDuration: "PT4H",
        managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"],
        customerManagedPolicies: [{ name: "deny-billing", path: "/" }],
        inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
        permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
      }),
    },
    users: { "alice@example.com": user("alice@example.com", { email: "alice@example.com" }) },
    groups: {
      "platform-admins": group("platform-admins", {
        description: "Platform engineers",
        members: ["alice@example.com"],
        aws: [{ permissionSet: "Admin", accountIds: [SANDBOX, WORKLOADS] }],
        argocd: "role:admin",
        workflows: "admin",
      }),
      developers: group("developers", {
        displayName: "Developers",
        source: "external",
        aws: [{ permissionSet: "Developer", accountIds: [WORKLOADS] }],
        argocd: "role:readonly",
        workflows: "view",
      }),
      auditors: group("auditors", { aws: [{ permissionSet: "Developer", accountIds: [SANDBOX] }] }),
    },
    samlApplicationArn: SAML_APP_ARN,
    argocdUrl: "https://argocd.dev.example.com",
    ...extra,
  };
}

/** One invoke the program made, with the provider reference it went to (`<urn>::<id>`). */
export interface InvokeRecord {
  readonly token: string;
  readonly provider: string;
  readonly args: Record<string, unknown>;
}

export interface ComponentRun {
  readonly run: ProgramRun;
  readonly invokes: readonly InvokeRecord[];
}

/**
 * Runs `declare` under the capture mock with an explicit AWS provider (`aws`, eu-west-1), and
 * records every invoke by wrapping the mock monitor (which `runProgram` installs just before
 * calling the program).
 */
export async function runComponent(
  declare: (provider: aws.Provider) => Record<string, unknown>,
  mocks: MockOptions = {},
): Promise<ComponentRun> {
  const invokes: InvokeRecord[] = [];
  const run = await runProgram({
    mocks,
    program: () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const monitor = pulumi.runtime.getMonitor() as any;
      const invoke = monitor.invoke.bind(monitor);
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      monitor.invoke = (req: any, callback: unknown) => {
        const args = req.getArgs()?.toJavaScript() ?? {};
        invokes.push({ token: req.getTok(), provider: req.getProvider(), args });
        return invoke(req, callback);
      };
      return declare(new aws.Provider("aws", { region: "eu-west-1" }));
    },
  });
  return { run, invokes };
}

/** Every captured AWS resource (not components, not providers). */
export function awsResources(run: ProgramRun): CapturedResource[] {
  return run.resources.filter((r) => r.custom && r.type.startsWith("aws:"));
}

/** `<type>::<name>` of every ancestor of `resource`, nearest first. */
export function ancestors(run: ProgramRun, resource: CapturedResource): string[] {
  const byId = new Map(run.resources.map((r) => [`${r.type}::${r.name}`, r]));
  const chain: string[] = [];
  for (let parent = resource.parent; parent !== null; parent = byId.get(parent)?.parent ?? null) {
    chain.push(parent);
  }
  return chain;
}

/**
 * The policies of the permission-set tests' "Developer" set: two AWS-managed policies, a
 * customer-managed one under a path, an inline policy and a customer-managed boundary (one
 * resource of each attachment type).
 */
export const DEVELOPER_POLICIES: Partial<PermissionSetSpec> = {
  managedPolicies: [
    "arn:aws:iam::aws:policy/PowerUserAccess",
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
  ],
  customerManagedPolicies: [{ name: "deny-billing", path: "/team/" }],
  inlinePolicy: '{"Version":"2012-10-17","Statement":[]}',
  permissionsBoundary: { customerManagedPolicy: { name: "boundary", path: "/" } },
};

/** Two groups' assignments of one set: developers in both accounts, auditors in the sandbox. */
export const DEVELOPER_ASSIGNMENTS: readonly PermissionSetAssignment[] = [
  { groupKey: "developers", principalId: "group-id-dev", accountId: WORKLOADS },
  { groupKey: "developers", principalId: "group-id-dev", accountId: SANDBOX },
  { groupKey: "auditors", principalId: "group-id-aud", accountId: SANDBOX },
];

/** Runs one `PermissionSet` named "ps" on the test instance with `spec` and `given` assignments. */
export function runPermissionSet(
  spec: PermissionSetSpec,
  protect?: boolean,
  given: readonly PermissionSetAssignment[] = DEVELOPER_ASSIGNMENTS,
): Promise<ComponentRun> {
  return runComponent((provider) => {
    const ps = new PermissionSet(
      "ps",
      { instanceArn: INSTANCE, spec, assignments: [...given], protect },
      { providers: [provider] },
    );
    return { arn: ps.arn, name: ps.permissionSetName };
  });
}
