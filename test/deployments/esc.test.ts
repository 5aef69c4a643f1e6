import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { readStackFile } from "../../scripts/lib/stack-file";
import { loadStackConfig } from "../../stacks/config";
import { credentialProblems } from "../../stacks/deployments/credentials";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "stacks", "deployments");

/** The parts of an environment definition the tests read. */
interface EscValues {
  readonly aws: { readonly login: Record<string, { oidc: { roleArn: string; sessionName: string } }> };
  readonly cluster: Record<string, { stacks: Record<string, { stack: string }> }>;
  readonly environmentVariables: Record<string, string>;
  readonly pulumiConfig?: Record<string, unknown>;
  readonly files: Record<string, string>;
}

const escText = (stack: string) => fs.readFileSync(path.join(DIR, "esc", `${stack}.yaml`), "utf8");
const environment = (stack: string): { values: EscValues } => YAML.parse(escText(stack));

/** RFC 7396 JSON merge patch: how ESC's pulumiConfig and the stack file's config combine. */
function mergePatch(target: unknown, patch: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isMap(patch)) return patch;
  const out: Record<string, unknown> = isMap(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

/** The runtime config of a stack that imports an environment: the stack file wins leaf by leaf. */
function merged(stack: string, pulumiConfig: Record<string, unknown>): Record<string, string> {
  const own = readStackFile(stack, ROOT).config;
  const out: Record<string, string> = { ...own };
  for (const [key, value] of Object.entries(pulumiConfig)) {
    const mine = own[key] === undefined ? undefined : JSON.parse(own[key]);
    const combined = mine === undefined ? value : mergePatch(value, mine);
    out[key] = typeof combined === "string" ? combined : JSON.stringify(combined);
  }
  return out;
}

describe("stacks/deployments/esc (example ESC environments)", () => {
  it("merges as RFC 7396 says (the examples of its appendix A)", () => {
    expect(mergePatch({ a: "b" }, { a: "c" })).to.deep.equal({ a: "c" });
    expect(mergePatch({ a: "b" }, { b: "c" })).to.deep.equal({ a: "b", b: "c" });
    expect(mergePatch({ a: "b" }, { a: null })).to.deep.equal({});
    expect(mergePatch({ a: { b: "c" } }, { a: { b: "d", c: null } })).to.deep.equal({ a: { b: "d" } });
    expect(mergePatch({ a: [{ b: "c" }] }, { a: [1] })).to.deep.equal({ a: [1] });
  });

  for (const stack of ["dev", "prod"]) {
    describe(`argo-sso/${stack}`, () => {
      const values = environment(stack).values;

      it("logs in to AWS by OIDC and exports the credentials as the AWS SDK's variables", () => {
        const oidc = values.aws.login["fn::open::aws-login"].oidc;
        expect(oidc.roleArn).to.match(/^arn:aws:iam::\d{12}:role\//);
        expect(oidc.sessionName).to.equal(`argo-sso-${stack}`);
        expect(values.environmentVariables).to.deep.equal({
          AWS_ACCESS_KEY_ID: "${aws.login.accessKeyId}",
          AWS_SECRET_ACCESS_KEY: "${aws.login.secretAccessKey}",
          AWS_SESSION_TOKEN: "${aws.login.sessionToken}",
        });
      });

      it("gives kubectl the cluster stack's kubeconfig and sets no argo-sso config", () => {
        const stacks = values.cluster["fn::open::pulumi-stacks"].stacks;
        expect(stacks.eks.stack).to.match(new RegExp(`/${stack}$`));
        expect(values.files.KUBECONFIG).to.equal("${cluster.eks.kubeconfig}");
        expect(values.pulumiConfig).to.equal(undefined);
      });

      it(`is the environment Pulumi.${stack}.yaml imports, and the credential check passes`, () => {
        const stackFile = {
          name: `Pulumi.${stack}.yaml`,
          text: fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8"),
        };
        expect(YAML.parse(stackFile.text).environment).to.deep.equal([`argo-sso/${stack}`]);
        expect(
          credentialProblems(stackFile, { name: "esc", text: escText(stack) }, `argo-sso/${stack}`),
        ).to.deep.equal([]);
      });

      it("assumes the same role as the stack's Deployments settings", () => {
        const settings = readStackFile("settings", DIR).config;
        const defaults = JSON.parse(settings["argo-sso-deployments:aws"]);
        const stacks = JSON.parse(settings["argo-sso-deployments:stacks"]);
        const role = stacks[stack]?.aws?.roleArn ?? defaults.roleArn;
        expect(values.aws.login["fn::open::aws-login"].oidc.roleArn).to.equal(role);
      });

      it("leaves a valid stack config once merged into the stack's own", () => {
        const result = loadStackConfig(merged(stack, values.pulumiConfig ?? {}));
        expect(result.problems).to.deep.equal([]);
      });
    });
  }

  it("would refuse prod if an environment set a kubeconfig next to prod's stackReference", () => {
    const config = merged("prod", { "argo-sso:cluster": { kubeconfig: "apiVersion: v1" } });
    expect(JSON.parse(config["argo-sso:cluster"])).to.have.keys("stackReference", "kubeconfig");
    expect(loadStackConfig(config).problems).to.deep.equal([
      "argo-sso:cluster: set kubeconfig or stackReference, not both",
    ]);
  });

  it("names what is missing when a stack has no AWS credential path", () => {
    const problems = credentialProblems(
      { name: "Pulumi.dev.yaml", text: "config:\n  aws:region: eu-west-1\n" },
      { name: "esc/dev.yaml", text: "values:\n  environmentVariables:\n    AWS_ACCESS_KEY_ID: x\n" },
      "argo-sso/dev",
    );
    expect(problems).to.deep.equal([
      "Pulumi.dev.yaml: environment: must import the ESC environment argo-sso/dev (AWS credentials by OIDC), got null",
      "esc/dev.yaml: values.aws.login must be fn::open::aws-login with oidc.roleArn",
      'esc/dev.yaml: values.environmentVariables.AWS_ACCESS_KEY_ID must be ${aws.login.accessKeyId}, got "x"',
      "esc/dev.yaml: values.environmentVariables.AWS_SECRET_ACCESS_KEY must be ${aws.login.secretAccessKey}, got null",
      "esc/dev.yaml: values.environmentVariables.AWS_SESSION_TOKEN must be ${aws.login.sessionToken}, got null",
    ]);
  });

  it("shows the stack file's environment: line, commented, in the deployments stack file", () => {
    const text = fs.readFileSync(path.join(DIR, "Pulumi.settings.yaml"), "utf8");
    expect(text).to.match(/^#\s+environment:\n#\s+- argo-sso\/dev/m);
  });
});
