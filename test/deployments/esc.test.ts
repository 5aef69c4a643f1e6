import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { readStackFile } from "../../scripts/lib/stack-file";

const DIR = path.resolve(__dirname, "..", "..", "stacks", "deployments");

/** The parts of an environment definition the tests read. */
interface EscValues {
  readonly aws: { readonly login: Record<string, { oidc: { roleArn: string; sessionName: string } }> };
  readonly cluster: Record<string, { stacks: Record<string, { stack: string }> }>;
  readonly environmentVariables: Record<string, string>;
  readonly pulumiConfig: Record<string, unknown>;
  readonly files: Record<string, string>;
}

function environment(stack: string): { values: EscValues } {
  return YAML.parse(fs.readFileSync(path.join(DIR, "esc", `${stack}.yaml`), "utf8"));
}

describe("stacks/deployments/esc (example ESC environments)", () => {
  for (const stack of ["dev", "prod"]) {
    describe(`argo-sso/${stack}`, () => {
      const values = environment(stack).values;

      it("logs in to AWS by OIDC and exports the credentials as the AWS SDK's variables", () => {
        const oidc = values.aws.login["fn::open::aws-login"].oidc;
        expect(oidc.roleArn).to.match(/^arn:aws:iam::\d{12}:role\//);
        expect(oidc.sessionName).to.be.a("string");
        expect(values.environmentVariables).to.deep.equal({
          AWS_ACCESS_KEY_ID: "${aws.login.accessKeyId}",
          AWS_SECRET_ACCESS_KEY: "${aws.login.secretAccessKey}",
          AWS_SESSION_TOKEN: "${aws.login.sessionToken}",
        });
      });

      it("reads the kubeconfig from the cluster stack into argo-sso:cluster and KUBECONFIG", () => {
        const stacks = values.cluster["fn::open::pulumi-stacks"].stacks;
        expect(stacks.eks.stack).to.match(new RegExp(`/${stack}$`));
        expect(values.pulumiConfig["argo-sso:cluster"]).to.deep.equal({
          kubeconfig: "${cluster.eks.kubeconfig}",
        });
        expect(values.files.KUBECONFIG).to.equal("${cluster.eks.kubeconfig}");
      });

      it("assumes the same role as the stack's Deployments settings", () => {
        const settings = readStackFile("settings", DIR).config;
        const defaults = JSON.parse(settings["argo-sso-deployments:aws"]);
        const stacks = JSON.parse(settings["argo-sso-deployments:stacks"]);
        const role = stacks[stack]?.aws?.roleArn ?? defaults.roleArn;
        expect(values.aws.login["fn::open::aws-login"].oidc.roleArn).to.equal(role);
      });
    });
  }

  it("shows the stack file's environment: line, commented, in the deployments stack file", () => {
    const text = fs.readFileSync(path.join(DIR, "Pulumi.settings.yaml"), "utf8");
    expect(text).to.match(/^#\s+environment:\n#\s+- argo-sso\/dev/m);
  });
});
