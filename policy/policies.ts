/**
 * The argo-sso guardrails as `@pulumi/policy` policies. This module only declares them; the pack
 * is constructed in `index.ts` (constructing it starts the analyzer server), so tests import
 * this file and call each policy's `validateResource` / `validateStack` directly.
 *
 * Enforcement: every policy defaults to the pack's level, `mandatory`. The per-stack pack config
 * files (`config.prod.json`, `config.dev.json`) set the level for each stack: everything
 * mandatory in prod; advisory in dev, where the prod-only policies are disabled. See
 * docs/delivery.md for how the same files feed `--policy-pack-config` and the policy groups.
 */
import type {
  EnforcementLevel,
  Policies,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import {
  checkArgoCdDefaultRole,
  checkChartVersionPinned,
  checkHelmValueSecrets,
  checkHttpsUrls,
  checkSamlSignatureValidation,
  checkWorkflowsAuthModes,
  findSecretLeaks,
  StackResource,
} from "./checks";
import {
  AWS_MAX_SESSION_HOURS,
  checkDexLogLevel,
  checkProtected,
  checkSessionDuration,
  DEFAULT_PROTECTED_TYPES,
  findAdministratorAccess,
} from "./aws-checks";
import { helmChart, releaseValues } from "./helm-values";
import { checkSsoBypassValues } from "./sso-bypass";

/** The pack's name in Pulumi Cloud and in policy groups. */
export const PACK_NAME = "argo-sso-guardrails";
/** A stack that runs the pack without a config file gets the strict (prod) behaviour. */
export const PACK_ENFORCEMENT: EnforcementLevel = "mandatory";

type Check = (args: ResourceValidationArgs) => string[];

/** A resource policy whose violations are the messages `check` returns. */
function resourcePolicy(
  fields: Omit<ResourceValidationPolicy, "validateResource" | "remediateResource">,
  check: Check,
): ResourceValidationPolicy {
  return {
    ...fields,
    validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
      for (const message of check(args)) report(message);
    },
  };
}

/** Stack resources as the checks want them (the engine's `PolicyResource` is a superset). */
function stackResources(args: StackValidationArgs): StackResource[] {
  return args.resources;
}

/** A resource policy that checks only the resource's type and properties. */
function propsPolicy(
  name: string,
  severity: Severity,
  description: string,
  check: (type: string, props: Record<string, unknown>) => string[],
): ResourceValidationPolicy {
  return resourcePolicy({ name, severity, description }, (args) => check(args.type, args.props));
}

export const samlSignatureValidation = propsPolicy(
  "saml-signature-validation",
  "critical",
  "Dex SAML connectors validate the assertion signature (insecureSkipSignatureValidation never set, ca/caData present).",
  checkSamlSignatureValidation,
);

export const httpsUrlsOnly = propsPolicy(
  "https-urls-only",
  "high",
  "Every URL in the Argo CD and Argo Workflows values, the Dex configuration included, uses https.",
  checkHttpsUrls,
);

export const argocdDefaultRoleNotAdmin = propsPolicy(
  "argocd-default-role-not-admin",
  "critical",
  'Argo CD policy.default is not "role:admin" (it applies to every logged-in user).',
  checkArgoCdDefaultRole,
);

export const workflowsNoServerAuthMode = propsPolicy(
  "workflows-no-server-auth-mode",
  "critical",
  'Argo Workflows authModes excludes "server" (no login at all, the server\'s own ServiceAccount).',
  checkWorkflowsAuthModes,
);

export const chartVersionsPinned = propsPolicy(
  "chart-versions-pinned",
  "medium",
  "Every Helm chart is pinned to an exact version.",
  checkChartVersionPinned,
);

export const noPlaintextClientSecret: StackValidationPolicy = {
  name: "no-plaintext-client-secret",
  description:
    "No Helm value holds a client secret as text: secret-named values are references, and no value contains a Secret's or generated password's text.",
  severity: "critical",
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const resources = stackResources(args);
    for (const r of resources)
      for (const message of checkHelmValueSecrets(r.type, r.props)) report(message, r.urn);
    for (const leak of findSecretLeaks(resources)) report(leak.message, leak.urn);
  },
};

export interface SessionDurationConfig {
  /** @default 12 (Identity Center's own maximum) */
  readonly maxSessionHours?: number;
}

export const sessionDurationLimit: ResourceValidationPolicy = resourcePolicy(
  {
    name: "session-duration-limit",
    description: "Permission-set session durations are valid and at most the configured number of hours.",
    severity: "medium",
    configSchema: {
      properties: {
        maxSessionHours: {
          type: "integer",
          minimum: 1,
          maximum: AWS_MAX_SESSION_HOURS,
          default: AWS_MAX_SESSION_HOURS,
        },
      },
    },
  },
  (args) => {
    const max = args.getConfig<SessionDurationConfig>().maxSessionHours ?? AWS_MAX_SESSION_HOURS;
    return checkSessionDuration(args.type, args.props, max);
  },
);

export interface AdministratorAccessConfig {
  /** Permission-set names that may carry AdministratorAccess. @default [] (none) */
  readonly allowedPermissionSets?: readonly string[];
}

export const administratorAccessAllowList: StackValidationPolicy = {
  name: "administrator-access-allow-list",
  description:
    "AWS AdministratorAccess (managed policy, or an inline Allow * on *) only in the permission sets the pack config allows.",
  severity: "critical",
  configSchema: {
    properties: {
      allowedPermissionSets: { type: "array", items: { type: "string" }, default: [] },
    },
  },
  validateStack: (args: StackValidationArgs, report: ReportViolation) => {
    const allowed = args.getConfig<AdministratorAccessConfig>().allowedPermissionSets ?? [];
    for (const v of findAdministratorAccess(stackResources(args), allowed)) report(v.message, v.urn);
  },
};

export const dexLogLevelNotDebug = propsPolicy(
  "dex-log-level-not-debug",
  "high",
  "Dex does not log at debug level (it would log SAML assertions). Disabled in dev by its pack config.",
  checkDexLogLevel,
);

export interface ProtectedResourcesConfig {
  /** Resource types that must have `protect: true`. @default groups, permission sets, namespaces */
  readonly resourceTypes?: readonly string[];
}

export const protectedResources = resourcePolicy(
  {
    name: "protected-resources",
    description:
      "Groups, permission sets and namespaces are protected (argo-sso:protect: true). Disabled in dev by its pack config.",
    severity: "high",
    configSchema: {
      properties: {
        resourceTypes: { type: "array", items: { type: "string" }, default: [...DEFAULT_PROTECTED_TYPES] },
      },
    },
  },
  (args) => {
    const types = args.getConfig<ProtectedResourcesConfig>().resourceTypes ?? DEFAULT_PROTECTED_TYPES;
    return checkProtected(args.type, args.name, args.opts.protect, types);
  },
);

export const noSsoBypassValues = propsPolicy(
  "no-sso-bypass-values",
  "critical",
  "The Argo CD and Argo Workflows releases set no chart value that can switch SSO off or around it (policy/sso-bypass.ts): auth parameters, extra policy.*.csv, local accounts, server args/env/images, extraObjects, create: false.",
  (type, props) => {
    const chart = helmChart(type, props);
    return chart === undefined ? [] : checkSsoBypassValues(chart, releaseValues(props));
  },
);

/** Every guardrail, in the order the pack reports them. */
export const policies: Policies = [
  samlSignatureValidation,
  httpsUrlsOnly,
  argocdDefaultRoleNotAdmin,
  workflowsNoServerAuthMode,
  chartVersionsPinned,
  noPlaintextClientSecret,
  sessionDurationLimit,
  administratorAccessAllowList,
  dexLogLevelNotDebug,
  protectedResources,
  noSsoBypassValues,
];

/** The config schema of each policy that has one, by policy name. */
export function configSchemas(): Record<string, PolicyConfigSchema> {
  const out: Record<string, PolicyConfigSchema> = {};
  for (const p of policies) if (p.configSchema) out[p.name] = p.configSchema;
  return out;
}
