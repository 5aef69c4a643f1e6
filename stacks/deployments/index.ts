/**
 * argo-sso-deployments: Pulumi Deployments settings for the argo-sso stacks, as code.
 *
 *   pulumi -C stacks/deployments stack select settings
 *   pulumi -C stacks/deployments up
 *
 * The only file of this project that reads config or files. For each stack in
 * `argo-sso-deployments:stacks` it declares the stack's `DeploymentSettings` (deploy on push to
 * the branch unless an approval gate holds it, preview pull requests when `previews` is
 * `deployments`, AWS by OIDC, `npm ci` and `npm test` first), its drift schedule, one webhook
 * per notification that watches it and, when `policyGroups` is set, a policy group that enforces
 * the guardrail pack with `policy/config.<stack>.json`. See docs/delivery.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentSettings, DriftSchedule, PolicyGroup, Webhook } from "@pulumi/pulumiservice";
import { StackConfigError } from "../config-error";
import { validatePackConfig } from "../../policy/pack-config";
import { loadDeploymentsConfig, NAMESPACE } from "./config";
import { escEnvironment, oidcFiles } from "./oidc";
import {
  deploymentSettingsArgs,
  driftScheduleArgs,
  policyGroupArgs,
  qualifiedStack,
  stackPaths,
  webhookArgs,
} from "./settings";

const POLICY_DIR = path.resolve(__dirname, "..", "..", "policy");

const loaded = loadDeploymentsConfig(pulumi.runtime.allConfig());
if (!loaded.config) throw new StackConfigError([...loaded.problems]);
const config = loaded.config;

/** `policy/config.<stack>.json`, checked against the pack, for the stack's policy group. */
function packConfigFor(stack: string, problems: string[]): Record<string, unknown> {
  const file = path.join(POLICY_DIR, `config.${stack}.json`);
  const key = `${NAMESPACE}:stacks.${stack}`;
  if (!fs.existsSync(file)) {
    problems.push(`${key}: policyGroups needs policy/config.${stack}.json (the pack config of this stack)`);
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    problems.push(`${key}: policy/config.${stack}.json is not valid JSON: ${(err as Error).message}`);
    return {};
  }
  for (const problem of validatePackConfig(parsed))
    problems.push(`${key}: policy/config.${stack}.json ${problem}`);
  return parsed as Record<string, unknown>;
}

const specs = Object.values(config.stacks);
const packProblems: string[] = [];
const packConfigs = new Map(
  specs.map((spec) => [spec.stack, config.policyGroups ? packConfigFor(spec.stack, packProblems) : {}]),
);
if (packProblems.length > 0) throw new StackConfigError(packProblems);

const pulumiConfig = new pulumi.Config(NAMESPACE);
const deployToken = config.deployToken ? pulumiConfig.requireSecret("deployToken") : undefined;

for (const spec of specs) {
  const settings = new DeploymentSettings(
    `${spec.stack}-settings`,
    deploymentSettingsArgs(config, spec, deployToken),
  );
  const drift = driftScheduleArgs(config, spec);
  // A drift run is a deployment of the stack: it needs the settings first.
  if (drift) new DriftSchedule(`${spec.stack}-drift`, drift, { dependsOn: [settings] });
  for (const notification of config.notifications.filter((n) => n.stacks.includes(spec.stack))) {
    new Webhook(
      `${spec.stack}-${notification.name}-webhook`,
      webhookArgs(config, notification, spec.stack, pulumi.secret(notification.url)),
    );
  }
  const groupArgs = policyGroupArgs(config, spec.stack, packConfigs.get(spec.stack) ?? {});
  if (groupArgs) new PolicyGroup(`${spec.stack}-policy-group`, groupArgs);
}

/** Per stack: what runs when, as a reviewer wants to read it. */
export const deployments = Object.fromEntries(
  specs.map((spec) => [
    spec.stack,
    {
      stack: qualifiedStack(config, spec.stack),
      upOnPushTo: spec.deployCommits ? config.branch : null,
      approval: spec.approval,
      previewPullRequests: spec.previewPullRequests,
      previewsBy: config.previews === "actions" ? ".github/workflows/preview.yml" : "pulumi-deployments",
      driftDetection: spec.driftDetection ?? null,
      escEnvironment: escEnvironment(config, spec.stack),
      awsRole: spec.aws.roleArn,
      paths: stackPaths(config, spec),
      policyGroup: config.policyGroups ? `${config.project}-${spec.stack}` : null,
    },
  ]),
);

/** The AWS OIDC identity provider and trust policies (the files in stacks/deployments/aws-oidc/). */
export const awsOidc = oidcFiles(config);
