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

// Validation happens before any resource is declared: bad input never creates half a stack.
const loaded = loadStackConfig(pulumi.runtime.allConfig());
for (const warning of loaded.warnings) void pulumi.log.warn(warning);
if (!loaded.ok || loaded.config === undefined) throw new StackConfigError(loaded.problems);
const config = loaded.config;

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
    deployer: config.identityCenter.deployer,
    managementAccountId: config.identityCenter.managementAccountId,
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

/** Group config key → Identity Store group ID (the values `${user:groups}` carries). */
export const groupIds = identityCenter.groupIds;
export const permissionSetArns = identityCenter.permissionSetArns;
export const identityStoreId = identityCenter.identityStoreId;
export const instanceArn = identityCenter.instanceArn;
export const accessPortalUrl = identityCenter.accessPortalUrl;
/** A ready `~/.aws/config` for everyone: `pulumi stack output awsCliConfig >> ~/.aws/config`. */
export const awsCliConfig = identityCenter.awsCliConfig;
/** The values for the one console step (the custom SAML application). */
export const samlApplicationSetup = identityCenter.samlApplicationSetup;
export const argocdUrl = argocd.url;
export const dexIssuer = argocd.dexIssuer;
export const workflowsUrl = workflows.url;
/** The generated Argo CD `policy.csv`, for review (`pulumi stack output argocdPolicyCsv`). */
export const argocdPolicyCsv = argocd.policyCsv;
/** Group config key → the Argo Workflows ServiceAccount its members act as. */
export const workflowsServiceAccounts = workflows.serviceAccounts;
