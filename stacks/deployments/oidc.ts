/**
 * The AWS side of the OIDC trust, as data: the IAM OIDC identity provider for Pulumi Cloud and
 * one trust policy per IAM role, covering exactly the two ways this project's runs get AWS
 * credentials, and nothing else:
 *
 * 1. Pulumi Deployments' own OIDC (`operationContext.oidc.aws` in the DeploymentSettings): the
 *    token's audience is the organization name and its subject
 *    `pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<op>:scope:write`.
 * 2. Pulumi ESC's `aws-login` (the environments in `stacks/deployments/esc/`): audience
 *    `aws:<org>`; subject `pulumi:environments:org:<org>:env:<project>/<env>` when the
 *    environment is opened by name (`pulumi env run`, `pulumi env open`), and
 *    `pulumi:environments:org:<org>:env:<yaml>` when a stack imports it (`environment:` in
 *    Pulumi.<stack>.yaml), the subject pulumi/pulumi#14509 reports (still open).
 *
 * Sources: Pulumi's AWS OIDC guides for Deployments and ESC (audience `aws:<org>` for ESC
 * environments outside the legacy `default` project), pulumi/pulumi#14509, pulumi/docs#12756.
 * Written to `stacks/deployments/aws-oidc/*.json` (see docs/delivery.md for the AWS CLI calls);
 * test/deployments/oidc.test.ts checks the files equal what this module derives from the
 * settings stack file.
 */
import type { DeploymentsConfig } from "./config";

/** Pulumi Cloud's OIDC issuer (the provider URL). */
export const PULUMI_OIDC_ISSUER = "https://api.pulumi.com/oidc";
/** The issuer without its scheme: the IAM provider's name and the condition-key prefix. */
export const PULUMI_OIDC_HOST = "api.pulumi.com/oidc";

/** Input of `aws iam create-open-id-connect-provider --cli-input-json`. */
export interface IdentityProviderSettings {
  readonly Url: string;
  readonly ClientIDList: readonly string[];
}

export interface TrustStatement {
  readonly Sid: string;
  readonly Effect: "Allow";
  readonly Principal: { readonly Federated: string };
  readonly Action: "sts:AssumeRoleWithWebIdentity";
  readonly Condition: {
    readonly StringEquals: Record<string, string>;
    readonly StringLike: Record<string, readonly string[]>;
  };
}

export interface TrustPolicy {
  readonly Version: "2012-10-17";
  readonly Statement: readonly TrustStatement[];
}

/** The audiences: Deployments send the organization name, ESC's aws-login `aws:<org>`. */
export function identityProvider(organization: string): IdentityProviderSettings {
  return { Url: PULUMI_OIDC_ISSUER, ClientIDList: [organization, `aws:${organization}`] };
}

/** `arn:aws:iam::123456789012:role/x` → `123456789012`, `x`. */
export function roleParts(roleArn: string): { account: string; partition: string; name: string } {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!match) throw new Error(`not an IAM role ARN: ${roleArn}`);
  return { partition: match[1], account: match[2], name: match[3] };
}

/** The ESC environment of a stack: `<project>/<stack>` (e.g. `argo-sso/dev`). */
export function escEnvironment(config: DeploymentsConfig, stack: string): string {
  return `${config.project}/${stack}`;
}

/** The role ARNs in use, each with the stacks that assume it (settings order). */
export function rolesInUse(config: DeploymentsConfig): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  for (const spec of Object.values(config.stacks)) {
    roles.set(spec.aws.roleArn, [...(roles.get(spec.aws.roleArn) ?? []), spec.stack]);
  }
  return roles;
}

/** The trust policy of one role, for the stacks that assume it. */
export function trustPolicy(
  config: DeploymentsConfig,
  roleArn: string,
  stacks: readonly string[],
): TrustPolicy {
  const { partition, account } = roleParts(roleArn);
  const org = config.organization;
  const principal = { Federated: `arn:${partition}:iam::${account}:oidc-provider/${PULUMI_OIDC_HOST}` };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "PulumiDeployments",
        Effect: "Allow",
        Principal: principal,
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${PULUMI_OIDC_HOST}:aud`]: org },
          StringLike: {
            [`${PULUMI_OIDC_HOST}:sub`]: stacks.map(
              (stack) =>
                `pulumi:deploy:org:${org}:project:${config.project}:stack:${stack}:operation:*:scope:write`,
            ),
          },
        },
      },
      {
        Sid: "PulumiEscAwsLogin",
        Effect: "Allow",
        Principal: principal,
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${PULUMI_OIDC_HOST}:aud`]: `aws:${org}` },
          StringLike: {
            [`${PULUMI_OIDC_HOST}:sub`]: [
              ...stacks.map((stack) => `pulumi:environments:org:${org}:env:${escEnvironment(config, stack)}`),
              `pulumi:environments:org:${org}:env:<yaml>`,
            ],
          },
        },
      },
    ],
  };
}

/** Every file of `stacks/deployments/aws-oidc/`: name → JSON value. */
export function oidcFiles(config: DeploymentsConfig): Record<string, unknown> {
  const files: Record<string, unknown> = { "identity-provider.json": identityProvider(config.organization) };
  for (const [roleArn, stacks] of rolesInUse(config)) {
    files[`trust-policy.${roleParts(roleArn).name}.json`] = trustPolicy(config, roleArn, stacks);
  }
  return files;
}
