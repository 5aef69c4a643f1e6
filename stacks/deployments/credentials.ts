/**
 * The AWS credential path of an argo-sso stack outside Pulumi Deployments' own OIDC: the stack
 * file imports the stack's Pulumi ESC environment, and that environment exports the AWS SDK's
 * three variables from an `aws-login` OIDC login. `.github/workflows/preview.yml` checks this
 * before it previews (a preview without AWS credentials fails on the first AWS invoke), and the
 * tests check the committed files.
 */
import * as YAML from "yaml";

const AWS_VARIABLES = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"] as const;

function isObj(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Every reason the stack would run without AWS credentials: the stack file (text of
 * `Pulumi.<stack>.yaml`) must list `environment` in its `environment:` imports, and the
 * environment's definition (text of `stacks/deployments/esc/<stack>.yaml`) must log in with
 * `fn::open::aws-login` OIDC and export the three variables from it.
 */
export function credentialProblems(
  stackFile: { name: string; text: string },
  escFile: { name: string; text: string },
  environment: string,
): string[] {
  const problems: string[] = [];
  const stack: unknown = YAML.parse(stackFile.text);
  const imports = isObj(stack) ? stack.environment : undefined;
  if (!Array.isArray(imports) || !imports.includes(environment)) {
    problems.push(
      `${stackFile.name}: environment: must import the ESC environment ${environment} (AWS credentials by OIDC), got ${JSON.stringify(imports ?? null)}`,
    );
  }
  const esc: unknown = YAML.parse(escFile.text);
  const values = isObj(esc) && isObj(esc.values) ? esc.values : {};
  const login =
    isObj(values.aws) && isObj(values.aws.login) ? values.aws.login["fn::open::aws-login"] : undefined;
  const oidc = isObj(login) && isObj(login.oidc) ? login.oidc : undefined;
  if (!oidc || typeof oidc.roleArn !== "string") {
    problems.push(`${escFile.name}: values.aws.login must be fn::open::aws-login with oidc.roleArn`);
  }
  const variables = isObj(values.environmentVariables) ? values.environmentVariables : {};
  const outputs = {
    AWS_ACCESS_KEY_ID: "accessKeyId",
    AWS_SECRET_ACCESS_KEY: "secretAccessKey",
    AWS_SESSION_TOKEN: "sessionToken",
  };
  for (const name of AWS_VARIABLES) {
    const expected = `\${aws.login.${outputs[name]}}`;
    if (variables[name] !== expected) {
      problems.push(
        `${escFile.name}: values.environmentVariables.${name} must be ${expected}, got ${JSON.stringify(variables[name] ?? null)}`,
      );
    }
  }
  return problems;
}
