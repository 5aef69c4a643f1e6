import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../scripts/lib/stack-file";
import { loadDeploymentsConfig } from "../../stacks/deployments/config";
import { oidcFiles } from "../../stacks/deployments/oidc";

const DIR = path.resolve(__dirname, "..", "..", "stacks", "deployments");
const OIDC_DIR = path.join(DIR, "aws-oidc");

function file(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(OIDC_DIR, name), "utf8"));
}

// Expected values written out from Pulumi's AWS OIDC guides (issuer https://api.pulumi.com/oidc;
// Deployments: audience = organization, subject pulumi:deploy:org:...:scope:write; ESC aws-login:
// audience aws:<org>, subject pulumi:environments:org:<org>:env:<project>/<env>, and
// ...:env:<yaml> when a stack imports the environment, pulumi/pulumi#14509).
describe("stacks/deployments/aws-oidc (identity provider and trust policies)", () => {
  it("registers Pulumi's issuer with exactly the two audiences the project's tokens carry", () => {
    expect(file("identity-provider.json")).to.deep.equal({
      Url: "https://api.pulumi.com/oidc",
      ClientIDList: ["example-org", "aws:example-org"],
    });
  });

  it("lets prod's role be assumed by prod's deployments and prod's ESC environment, and nothing else", () => {
    const federated = { Federated: "arn:aws:iam::222222222222:oidc-provider/api.pulumi.com/oidc" };
    expect(file("trust-policy.example-pulumi-deployments-prod.json")).to.deep.equal({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PulumiDeployments",
          Effect: "Allow",
          Principal: federated,
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "api.pulumi.com/oidc:aud": "example-org" },
            StringLike: {
              "api.pulumi.com/oidc:sub": [
                "pulumi:deploy:org:example-org:project:argo-sso:stack:prod:operation:*:scope:write",
              ],
            },
          },
        },
        {
          Sid: "PulumiEscAwsLogin",
          Effect: "Allow",
          Principal: federated,
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "api.pulumi.com/oidc:aud": "aws:example-org" },
            StringLike: {
              "api.pulumi.com/oidc:sub": [
                "pulumi:environments:org:example-org:env:argo-sso/prod",
                "pulumi:environments:org:example-org:env:<yaml>",
              ],
            },
          },
        },
      ],
    });
  });

  it("trusts the provider in the role's own account, never a subject of another stack", () => {
    const dev = JSON.stringify(file("trust-policy.example-pulumi-deployments-dev.json"));
    expect(dev).to.include("arn:aws:iam::111111111111:oidc-provider/api.pulumi.com/oidc");
    expect(dev).to.include("stack:dev:operation:*:scope:write");
    expect(dev).to.not.include("prod");
    expect(dev).to.not.match(/"pulumi:(deploy|environments):org:\*/);
  });

  it("has exactly the files the settings stack file implies, each with the content derived from it", () => {
    const loaded = loadDeploymentsConfig(readStackFile("settings", DIR).config);
    const expected = oidcFiles(loaded.config!);
    expect(fs.readdirSync(OIDC_DIR).sort()).to.deep.equal(Object.keys(expected).sort());
    for (const [name, content] of Object.entries(expected)) expect(file(name), name).to.deep.equal(content);
  });
});
