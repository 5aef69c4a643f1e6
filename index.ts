/**
 * argo-sso: the composition root. Reads and validates the stack's config once (the only reader
 * of Pulumi config), builds the explicit providers, creates the components and exports the
 * stack outputs. Components never read config, env or region themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import { Provider as RandomProvider } from "@pulumi/random/provider";
import { ArgoCd } from "./components/argo-cd";
import { ArgoWorkflows } from "./components/argo-workflows";
import { IdentityCenter } from "./components/identity-center";
import { SsoClientSecret } from "./components/sso-client-secret";
import { clusterProvider } from "./stacks/cluster";
import { loadStackConfig } from "./stacks/config";
import { StackConfigError } from "./stacks/config-error";
import { outputFrom, secretConfigKeys, secretWhen } from "./stacks/secret-config";

// Validation happens before any resource is declared: bad input never creates half a stack.
const rawConfig = pulumi.runtime.allConfig();
const loaded = loadStackConfig(rawConfig);
for (const warning of loaded.warnings) void pulumi.log.warn(warning);
if (!loaded.ok || loaded.config === undefined) throw new StackConfigError(loaded.problems);
const config = loaded.config;

// allConfig() drops the secret flag: what a secret key feeds is made secret (stacks/secret-config.ts).
const secretKeys = secretConfigKeys(rawConfig);
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
const aws = new AwsProvider("aws", { region: config.region });
const k8s = clusterProvider(config.cluster);
const random = new RandomProvider("random", {});

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

/** Group config key → Identity Store group ID (the values `${user:groups}` carries). */
export const groupIds = outputFrom(secretKeys, READS.identityCenter, identityCenter.groupIds);
export const permissionSetArns = outputFrom(
  secretKeys,
  READS.identityCenter,
  identityCenter.permissionSetArns,
);
export const identityStoreId = outputFrom(secretKeys, READS.identityCenter, identityCenter.identityStoreId);
export const instanceArn = outputFrom(secretKeys, READS.identityCenter, identityCenter.instanceArn);
export const accessPortalUrl = outputFrom(secretKeys, READS.identityCenter, identityCenter.accessPortalUrl);
/** A ready `~/.aws/config` for everyone: `pulumi stack output awsCliConfig >> ~/.aws/config`. */
export const awsCliConfig = outputFrom(secretKeys, READS.identityCenter, identityCenter.awsCliConfig);
/** The values for the one console step (the custom SAML application). */
export const samlApplicationSetup = outputFrom(
  secretKeys,
  READS.identityCenter,
  identityCenter.samlApplicationSetup,
);
export const argocdUrl = outputFrom(secretKeys, READS.argocd, argocd.url);
export const dexIssuer = outputFrom(secretKeys, READS.argocd, argocd.dexIssuer);
export const workflowsUrl = outputFrom(secretKeys, READS.workflows, workflows.url);
/** The generated Argo CD `policy.csv`, for review (`pulumi stack output argocdPolicyCsv`). */
export const argocdPolicyCsv = outputFrom(secretKeys, READS.argocd, argocd.policyCsv);
/** Group config key → the Argo Workflows ServiceAccount its members act as. */
export const workflowsServiceAccounts = outputFrom(secretKeys, READS.workflows, workflows.serviceAccounts);
