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
import { outputFrom, redactSecretValues, secretConfigKeys, secretWhen } from "./stacks/secret-config";

// Validation happens before any resource is declared: bad input never creates half a stack.
const rawConfig = pulumi.runtime.allConfig();
// allConfig() drops the secret flag: what a secret key feeds is made secret (stacks/secret-config.ts),
// and a problem or warning that quotes a secret value shows [secret] instead.
const secretKeys = secretConfigKeys(rawConfig);
const loaded = loadStackConfig(rawConfig);
const redact = (lines: readonly string[]) => redactSecretValues(lines, rawConfig, secretKeys);
for (const warning of redact(loaded.warnings)) void pulumi.log.warn(warning);
if (!loaded.ok || loaded.config === undefined) throw new StackConfigError(redact(loaded.problems));
const validated = loaded.config;

/** The config keys each component reads (its args), for the secret flag. */
const READS = {
  identityCenter: [
    "aws:region",
    "argo-sso:accounts",
    "argo-sso:identityCenter",
    "argo-sso:permissionSets",
    "argo-sso:users",
    "argo-sso:groups",
    "argo-sso:argocd",
  ],
  clientSecret: ["argo-sso:clientSecret"],
  argocd: [
    "argo-sso:argocd",
    "argo-sso:identityCenter",
    "argo-sso:workflows",
    "argo-sso:groups",
    "argo-sso:clientSecret",
    "argo-sso:accounts",
    "argo-sso:users",
    "argo-sso:permissionSets",
  ],
  workflows: [
    "argo-sso:workflows",
    "argo-sso:argocd",
    "argo-sso:groups",
    "argo-sso:clientSecret",
    "argo-sso:identityCenter",
    "argo-sso:accounts",
    "argo-sso:users",
    "argo-sso:permissionSets",
  ],
};

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
    { providers: [aws], ...secretWhen(secretKeys, READS.identityCenter) },
  );

  const clientSecret = new SsoClientSecret("sso-client", config.clientSecret, {
    providers: [random],
    ...secretWhen(secretKeys, READS.clientSecret),
  });

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
    { providers: [k8s], ...secretWhen(secretKeys, READS.argocd) },
  );

  const workflows = new ArgoWorkflows(
    "workflows",
    {
      spec: config.workflows,
      argocdUrl: config.argocd.url,
      groups: config.groups,
      groupIds: identityCenter.groupIdByKey,
      clientSecret,
      protect: config.protect,
      waitFor: [argocd.release],
    },
    { providers: [k8s], ...secretWhen(secretKeys, READS.workflows) },
  );

  const ic = (value: pulumi.Output<unknown>) => outputFrom(secretKeys, READS.identityCenter, value);
  return {
    /** Group config key → Identity Store group ID (the values `${user:groups}` carries). */
    groupIds: ic(identityCenter.groupIds),
    /** User name → Identity Store user ID, for the users this stack creates or looks up. */
    userIds: ic(identityCenter.userIds),
    permissionSetArns: ic(identityCenter.permissionSetArns),
    identityStoreId: ic(identityCenter.identityStoreId),
    instanceArn: ic(identityCenter.instanceArn),
    accessPortalUrl: ic(identityCenter.accessPortalUrl),
    /** A ready `~/.aws/config` for everyone: `pulumi stack output awsCliConfig >> ~/.aws/config`. */
    awsCliConfig: ic(identityCenter.awsCliConfig),
    /** The values for the one console step (the custom SAML application). */
    samlApplicationSetup: ic(identityCenter.samlApplicationSetup),
    argocdUrl: outputFrom(secretKeys, READS.argocd, argocd.url),
    dexIssuer: outputFrom(secretKeys, READS.argocd, argocd.dexIssuer),
    workflowsUrl: outputFrom(secretKeys, READS.workflows, workflows.url),
    /** The generated Argo CD `policy.csv`, for review (`pulumi stack output argocdPolicyCsv`). */
    argocdPolicyCsv: outputFrom(secretKeys, READS.argocd, argocd.policyCsv),
    /** Group config key → the Argo Workflows ServiceAccount its members act as. */
    workflowsServiceAccounts: outputFrom(secretKeys, READS.workflows, workflows.serviceAccounts),
  };
}

export = main();
