import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cleanMessage,
  cli,
  parseArgs,
  render,
  stackReferencePlaceholders,
  UsageError,
} from "../../scripts/render";
import { readStackFile, StackFileError, toRuntimeConfig } from "../../scripts/lib/stack-file";

const ROOT = path.resolve(__dirname, "..", "..");

function tempStack(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-hostile-"));
  const file = path.join(dir, `Pulumi.${name}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

describe("scripts/render with hostile or odd input", function () {
  this.timeout(120000);

  it("refuses --stack given twice instead of silently taking the last", () => {
    expect(() => parseArgs(["--stack", "dev", "--stack", "prod"])).to.throw(
      UsageError,
      /^--stack given twice \(dev, prod\)/,
    );
    expect(() => parseArgs(["--stack", "dev", "--stack-file", "x/Pulumi.prod.yaml"])).to.throw(
      UsageError,
      /give --stack or --stack-file, not both/,
    );
  });

  it("reads a stack reference without output from the documented default output kubeconfig", () => {
    expect(stackReferencePlaceholders(JSON.stringify({ stackReference: { stack: "a/b/c" } }))).to.deep.equal({
      kubeconfig: "[kubeconfig from the referenced stack]",
    });
  });

  it("renders prod with its stackReference output removed (was a stack trace and partial JSON)", async () => {
    const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
    const withoutOutput = prod.replace(/\n\s+output: kubeconfig\n/, "\n");
    expect(withoutOutput).not.to.equal(prod);
    let stdout = "";
    let stderr = "";
    const code = await cli(["--stack-file", tempStack("noout", withoutOutput)], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    expect(code, stderr).to.equal(0);
    expect(JSON.parse(stdout).stack).to.equal("noout");
  });

  it("strips the SDK's nested serialisation prefixes from a failure", () => {
    expect(
      cleanMessage(
        new Error(
          'error serializing property "a": error serializing property "b": Required output \'x\' does not exist\n  at y',
        ),
      ),
    ).to.equal("Required output 'x' does not exist");
  });

  it("names the key of a self-referencing YAML alias instead of overflowing the stack", () => {
    const file = tempStack("alias", "config:\n  argo-sso:groups: &a\n    dev:\n      members: *a\n");
    expect(() => readStackFile("alias", path.dirname(file))).to.throw(
      StackFileError,
      "Pulumi.alias.yaml: argo-sso:groups.dev.members: a YAML alias refers to a value that contains it (a cycle); write the value out",
    );
  });

  it("keeps a __proto__ key as data, exactly as the CLI's JSON text carries it", () => {
    const config: Record<string, unknown> = {};
    const groups = JSON.parse('{"__proto__":{"argocd":"role:admin"},"b":{}}') as unknown;
    config["argo-sso:groups"] = groups;
    expect(toRuntimeConfig(config).config["argo-sso:groups"]).to.equal(
      '{"__proto__":{"argocd":"role:admin"},"b":{}}',
    );
  });

  it("shows inputs in the text format: assignments, Workflows rules and policy.csv lines", async () => {
    const text = await render({ stack: "dev", format: "text", dir: ROOT });
    expect(text).to.match(/^ +< principalType: GROUP$/m);
    expect(text).to.match(/^ +< targetId: 111111111111$/m);
    expect(text).to.match(/^ +< workflows\.argoproj\.io\/rbac-rule: '[0-9a-f-]{36}' in /m);
    expect(text).to.match(/^ +p, role:deployer, applications, sync, dev\/\*, allow$/m);
  });

  it("marks everything a secret key feeds as secret: an encrypted value in argocd.values", async () => {
    const dev = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    const sealed = dev.replace(
      /( +)tls: true\n/,
      "$1tls: true\n      notifications:\n        secret:\n          items:\n            token:\n              secure: v1:c2VhbGVk\n",
    );
    expect(sealed).not.to.equal(dev);
    const file = tempStack("sealed", sealed);
    const doc = JSON.parse(await render({ stack: "sealed", format: "json", dir: path.dirname(file) }));
    const release = doc.resources.find((r: { name: string }) => r.name === "argocd-release");
    expect(release.inputs.values).to.equal("[secret]");
    expect(doc.outputs.argocdUrl).to.equal("[secret]");
    expect(JSON.stringify(doc)).not.to.include("c2VhbGVk");
  });
});
