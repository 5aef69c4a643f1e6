/**
 * argo-sso: the composition root. Reads and validates the stack's config once (the only reader
 * of Pulumi config), builds the explicit providers, resolves organizational units to accounts,
 * creates the components and exports the stack outputs. Components never read config, env or
 * region themselves.
 *
 * The program is async (Pulumi awaits the exported promise, `@pulumi/pulumi` cmd/run/run.js):
 * which account assignments exist depends on the OUs' accounts, so they are read before any
 * component is declared, never inside an `apply`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { getOrganizationalUnitDescendantAccounts } from "@pulumi/aws/organizations/getOrganizationalUnitDescendantAccounts";
import { Provider as RandomProvider } from "@pulumi/random/provider";
import { ArgoCd } from "./components/argo-cd";
import { ArgoWorkflows } from "./components/argo-workflows";
import { IdentityCenter } from "./components/identity-center";
import { SsoClientSecret } from "./components/sso-client-secret";
import { clusterProvider } from "./stacks/cluster";
import { loadStackConfig } from "./stacks/config";
import { StackConfigError } from "./stacks/config-error";
import {
  expandOrganizationalUnits,
  organizationalUnitsOf,
  type OuAccount,
} from "./stacks/organizational-units";

// Validation happens before any resource is declared: bad input never creates half a stack.
const loaded = loadStackConfig(pulumi.runtime.allConfig());
for (const warning of loaded.warnings) void pulumi.log.warn(warning);
if (!loaded.ok || loaded.config === undefined) throw new StackConfigError(loaded.problems);
const validated = loaded.config;

// Explicit providers only (the stack files also set pulumi:disable-default-providers).
const aws = new AwsProvider("aws", { region: validated.region });

/** Each OU the grants name → its descendant accounts (read with the deployer's Organizations access). */
async function resolveOrganizationalUnits(): Promise<Map<string, OuAccount[]>> {
  const ous = organizationalUnitsOf(validated);
  const found = await Promise.all(
    ous.map(async (ou) => {
      try {
        const result = await getOrganizationalUnitDescendantAccounts({ parentId: ou }, { provider: aws });
        return [ou, result.accounts.map((a) => ({ id: a.id, name: a.name, status: a.status }))] as const;
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new pulumi.RunError(
          `argo-sso:groups: organizational unit ${ou} could not be read from AWS Organizations: ${reason}`,
        );
      }
    }),
  );
  return new Map(found);
}

async function main() {
  const expanded = expandOrganizationalUnits(validated, await resolveOrganizationalUnits());
  for (const warning of expanded.warnings) void pulumi.log.warn(warning);
  const config = expanded.config;
  const k8s = clusterProvider(config.cluster);
  const random = new RandomProvider("random", {});
  // A cluster stack reads the group IDs of the stack that owns Identity Center.
  const ownerStack = config.identityCenter.ownerStack;
  const ownerGroupIds =
    ownerStack === undefined
      ? undefined
      : (new pulumi.StackReference("identity-center-owner", { name: ownerStack }).requireOutput(
          "groupIds",
        ) as pulumi.Output<Record<string, string>>);

  const identityCenter = new IdentityCenter(
    "identity-center",
    {
      instanceArn: config.identityCenter.instanceArn,
      identityStoreId: config.identityCenter.identityStoreId,
      accessPortalUrl: config.identityCenter.accessPortalUrl,
      region: config.region,
      accounts: config.accounts,
      permissionSets: config.permissionSets,
      users: config.users,
      groups: config.groups,
      samlApplicationArn: config.identityCenter.samlApplication.arn,
      argocdUrl: config.argocd.url,
      protect: config.protect,
      deployer: config.identityCenter.deployer,
      managementAccountId: config.identityCenter.managementAccountId,
      ...(ownerGroupIds === undefined ? {} : { ownerGroupIds }),
    },
    { providers: [aws] },
  );

  const clientSecret = new SsoClientSecret("sso-client", config.clientSecret, { providers: [random] });

  const argocd = new ArgoCd(
    "argocd",
    {
      spec: config.argocd,
      saml: config.identityCenter.samlApplication,
      workflowsUrl: config.workflows.url,
      groups: config.groups,
      groupIds: identityCenter.groupIds,
      clientSecret,
      protect: config.protect,
    },
    { providers: [k8s] },
  );

  const workflows = new ArgoWorkflows(
    "workflows",
    {
      spec: config.workflows,
      argocdUrl: config.argocd.url,
      groups: config.groups,
      groupIds: identityCenter.groupIds,
      clientSecret,
      protect: config.protect,
      waitFor: [argocd.release],
    },
    { providers: [k8s] },
  );

  return {
    /** Group config key → Identity Store group ID (the values `${user:groups}` carries). */
    groupIds: identityCenter.groupIds,
    /** User name → Identity Store user ID, for the users this stack creates or looks up. */
    userIds: identityCenter.userIds,
    permissionSetArns: identityCenter.permissionSetArns,
    identityStoreId: identityCenter.identityStoreId,
    instanceArn: identityCenter.instanceArn,
    accessPortalUrl: identityCenter.accessPortalUrl,
    /** A ready `~/.aws/config` for everyone: `pulumi stack output awsCliConfig >> ~/.aws/config`. */
    awsCliConfig: identityCenter.awsCliConfig,
    /** The values for the one console step (the custom SAML application). */
    samlApplicationSetup: identityCenter.samlApplicationSetup,
    argocdUrl: argocd.url,
    dexIssuer: argocd.dexIssuer,
    workflowsUrl: workflows.url,
    /** The generated Argo CD `policy.csv`, for review (`pulumi stack output argocdPolicyCsv`). */
    argocdPolicyCsv: argocd.policyCsv,
    /** Group config key → the Argo Workflows ServiceAccount its members act as. */
    workflowsServiceAccounts: workflows.serviceAccounts,
  };
}

export = main();
