/**
 * Pure builders for what the `argo-sso-deployments` project declares: the Pulumi Deployments
 * settings of each argo-sso stack and, optionally, the policy group that enforces the guardrail
 * pack on it. Also the path-filter matcher, so a test can show which changes deploy which stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import type {
  DeploymentSettingsArgs,
  DriftScheduleArgs,
  PolicyGroupArgs,
  WebhookArgs,
} from "@pulumi/pulumiservice";
import type { DeploymentsConfig, NotificationSpec, StackDeploymentSpec } from "./config";

/** `dir/` for a program in `dir`, "" at the repository root. */
function prefix(repoDir: string): string {
  return repoDir === "" ? "" : `${repoDir}/`;
}

/**
 * The files whose change deploys `stack`: the program, its components and stack wiring, the
 * project, this stack's own stack file, the dependencies and compiler settings. Not: tests,
 * docs, the policy pack (Pulumi Cloud enforces the published version), this deployments project,
 * another stack's file.
 */
export function defaultPaths(repoDir: string, stack: string): string[] {
  const p = prefix(repoDir);
  return [
    `${p}index.ts`,
    `${p}components/**`,
    `${p}stacks/**`,
    `!${p}stacks/deployments/**`,
    `${p}Pulumi.yaml`,
    `${p}Pulumi.${stack}.yaml`,
    `${p}package.json`,
    `${p}package-lock.json`,
    `${p}tsconfig*.json`,
  ];
}

/** A Deployments path glob as a regular expression: `**` any path, `*` and `?` within one segment. */
export function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      // `dir/**` also matches `dir` itself and `**/x` matches `x` at the root.
      const slashAfter = glob[i + 2] === "/";
      source += slashAfter ? "(?:.*/)?" : ".*";
      i += slashAfter ? 2 : 1;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/**
 * Whether a change to `file` (relative to the repository root) triggers a deployment under
 * `filters`: it matches an include filter (or there is none) and no `!` exclude filter
 * (Pulumi Deployments' path filtering rules).
 */
export function pathTriggers(filters: readonly string[], file: string): boolean {
  const includes = filters.filter((f) => !f.startsWith("!"));
  const excludes = filters.filter((f) => f.startsWith("!")).map((f) => f.slice(1));
  const included = includes.length === 0 || includes.some((f) => globToRegExp(f).test(file));
  return included && !excludes.some((f) => globToRegExp(f).test(file));
}

/** The path filters of one stack: the defaults, then the stack's own. */
export function stackPaths(config: DeploymentsConfig, spec: StackDeploymentSpec): string[] {
  return [...defaultPaths(config.repoDir, spec.stack), ...spec.extraPaths];
}

/** `org/project/stack`: how Pulumi Cloud names a stack, and the settings' import ID. */
export function qualifiedStack(config: DeploymentsConfig, stack: string): string {
  return `${config.organization}/${config.project}/${stack}`;
}

/**
 * The `DeploymentSettings` of one stack: source from the GitHub App's repository and branch,
 * `pulumi up` on push, `pulumi preview` on pull requests (the App comments it), AWS by OIDC, and
 * the pre-run commands. When the pre-run commands install dependencies (`npm ci`), Deployments'
 * own install step is skipped rather than run twice.
 */
export function deploymentSettingsArgs(
  config: DeploymentsConfig,
  spec: StackDeploymentSpec,
  deployToken?: pulumi.Input<string>,
): DeploymentSettingsArgs {
  const installs = config.preRunCommands.some((c) => /^npm (ci|install)\b/.test(c.trim()));
  return {
    organization: config.organization,
    project: config.project,
    stack: spec.stack,
    sourceContext: {
      git: {
        branch: `refs/heads/${config.branch}`,
        ...(config.repoDir === "" ? {} : { repoDir: config.repoDir }),
      },
    },
    vcs: {
      provider: "github",
      repository: config.repository,
      deployCommits: spec.deployCommits,
      previewPullRequests: spec.previewPullRequests,
      pullRequestTemplate: false,
      paths: stackPaths(config, spec),
    },
    operationContext: {
      oidc: {
        aws: { roleARN: spec.aws.roleArn, sessionName: spec.aws.sessionName, duration: spec.aws.duration },
      },
      preRunCommands: [...config.preRunCommands],
      // The organization's token instead of the deployment's stack-scoped one, which cannot
      // read another stack's outputs or open ESC environments unless the organization allows it
      // (pulumi/docs#10865, #15696). A secret: Pulumi Cloud stores it encrypted.
      ...(deployToken === undefined ? {} : { environmentVariables: { PULUMI_ACCESS_TOKEN: deployToken } }),
      options: {
        skipInstallDependencies: installs,
        skipIntermediateDeployments: spec.skipIntermediateDeployments,
      },
    },
    cacheOptions: { enable: true },
  };
}

/**
 * A policy group that applies the published guardrail pack to one stack with that stack's pack
 * config (`policy/config.<stack>.json`: mandatory in prod, advisory in dev). `preventative`
 * mode makes mandatory violations block the update, Deployments' included.
 */
export function policyGroupArgs(
  config: DeploymentsConfig,
  stack: string,
  packConfig: Readonly<Record<string, unknown>>,
): PolicyGroupArgs | undefined {
  if (!config.policyGroups) return undefined;
  return {
    name: `${config.project}-${stack}`,
    organizationName: config.organization,
    entityType: "stacks",
    mode: "preventative",
    stacks: [{ name: stack, routingProject: config.project }],
    policyPacks: [
      {
        name: config.policyGroups.pack,
        versionTag: config.policyGroups.versionTag,
        config: { ...packConfig },
      },
    ],
  };
}

/** A drift-detection schedule for one stack, or undefined when the stack has none. */
export function driftScheduleArgs(
  config: DeploymentsConfig,
  spec: StackDeploymentSpec,
): DriftScheduleArgs | undefined {
  if (!spec.driftDetection) return undefined;
  return {
    organization: config.organization,
    project: config.project,
    stack: spec.stack,
    scheduleCron: spec.driftDetection.schedule,
    autoRemediate: spec.driftDetection.autoRemediate,
  };
}

/**
 * A stack webhook of one notification. `payloadUrl` is what the caller passes (index.ts wraps the
 * URL as a secret): Slack and Teams incoming-webhook URLs are credentials.
 */
export function webhookArgs(
  config: DeploymentsConfig,
  notification: NotificationSpec,
  stack: string,
  payloadUrl: pulumi.Input<string>,
): WebhookArgs {
  return {
    organizationName: config.organization,
    projectName: config.project,
    stackName: stack,
    displayName: `${config.project}-${stack}-${notification.name}`,
    payloadUrl,
    format: notification.format,
    filters: [...notification.events],
    active: true,
  };
}
