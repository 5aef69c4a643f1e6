/**
 * argo-sso-deployments: Pulumi Deployments settings for the argo-sso stacks, as code.
 *
 *   pulumi -C stacks/deployments stack select settings
 *   pulumi -C stacks/deployments up
 *
 * The only file of this project that reads config or files. For each stack in
 * `argo-sso-deployments:stacks` it declares the stack's `DeploymentSettings` (deploy on push to
 * the branch, preview every pull request, AWS by OIDC, `npm ci` and `npm test` first) and, when
 * `policyGroups` is set, a policy group that enforces the guardrail pack with
 * `policy/config.<stack>.json`. See docs/delivery.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentSettings, PolicyGroup } from "@pulumi/pulumiservice";
import { StackConfigError } from "../config-error";
import { validatePackConfig } from "../../policy/pack-config";
import { loadDeploymentsConfig, NAMESPACE } from "./config";
import { deploymentSettingsArgs, policyGroupArgs, qualifiedStack, stackPaths } from "./settings";

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

for (const spec of specs) {
  new DeploymentSettings(`${spec.stack}-settings`, deploymentSettingsArgs(config, spec));
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
      previewPullRequests: spec.previewPullRequests,
      awsRole: spec.aws.roleArn,
      paths: stackPaths(config, spec),
      policyGroup: config.policyGroups ? `${config.project}-${spec.stack}` : null,
    },
  ]),
);
