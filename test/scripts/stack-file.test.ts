import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  readStackFile,
  runtimeKey,
  SECURE_PLACEHOLDER,
  StackFileError,
  toRuntimeConfig,
} from "../../scripts/lib/stack-file";

describe("scripts/lib/stack-file", () => {
  describe("toRuntimeConfig", () => {
    it("passes text through and turns maps and lists into JSON text, as the Pulumi CLI does", () => {
      const out = toRuntimeConfig({
        "aws:region": "eu-west-1",
        "argo-sso:accounts": { dev: "222222222222" },
      });
      expect(out.config).to.deep.equal({
        "aws:region": "eu-west-1",
        "argo-sso:accounts": '{"dev":"222222222222"}',
      });
      expect(out.secretKeys).to.deep.equal([]);
    });

    it("replaces encrypted values, nested ones too, by a placeholder and marks their key secret", () => {
      const out = toRuntimeConfig({
        "argo-sso:cluster": { kubeconfig: { secure: "v1:AAAA:ciphertext" }, context: "dev" },
        "argo-sso:token": { secure: "v1:BBBB" },
      });
      expect(JSON.parse(out.config["argo-sso:cluster"])).to.deep.equal({
        kubeconfig: SECURE_PLACEHOLDER,
        context: "dev",
      });
      expect(out.config["argo-sso:token"]).to.equal(SECURE_PLACEHOLDER);
      expect(out.secretKeys).to.deep.equal(["argo-sso:cluster", "argo-sso:token"]);
      expect(out.undecrypted).to.deep.equal(out.secretKeys);
      expect(JSON.stringify(out)).not.to.include("ciphertext");
    });
  });

  describe("config keys, as the Pulumi CLI forms them (pulumi/pulumi v3.259.0)", () => {
    it("gives a key without a namespace the project's (workspace/loaders.go stackConfigNamespacedWithProject)", () => {
      const out = toRuntimeConfig({ protect: "true", "aws:region": "eu-west-1" }, "argo-sso");
      expect(out.config).to.deep.equal({ "argo-sso:protect": "true", "aws:region": "eu-west-1" });
    });

    it("reads the old <namespace>:config:<name> form as <namespace>:<name> (resource/config/key.go ParseKey)", () => {
      expect(runtimeKey("aws:config:region", "argo-sso")).to.equal("aws:region");
      expect(runtimeKey("argo-sso:config:groups", "argo-sso")).to.equal("argo-sso:groups");
    });

    it("refuses a key ParseKey refuses", () => {
      for (const key of ["a:b:c", "a:b:c:d", ":config:x"]) {
        expect(() => runtimeKey(key, "argo-sso"), key).to.throw(StackFileError, /could not parse/);
      }
    });

    it("refuses two spellings of one key instead of keeping either", () => {
      expect(() => toRuntimeConfig({ groups: {}, "argo-sso:groups": {} }, "argo-sso")).to.throw(
        StackFileError,
        /^"groups" and "argo-sso:groups" both set argo-sso:groups; keep one$/,
      );
    });
  });

  describe("readStackFile", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-stack-file-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("names the known stacks when the file is missing", () => {
      fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config: {}\n");
      expect(() => readStackFile("staging", dir)).to.throw(StackFileError, /known stacks: qa$/);
    });

    it("reports YAML that does not parse, naming the file", () => {
      fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config:\n  a: [unclosed\n");
      expect(() => readStackFile("qa", dir)).to.throw(StackFileError, /^Pulumi\.qa\.yaml is not valid YAML/);
    });

    it("namespaces bare keys with the name in the Pulumi.yaml beside the stack file", () => {
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: acme-sso\nruntime: nodejs\n");
      fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config:\n  protect: true\n");
      expect(readStackFile("qa", dir).config).to.deep.equal({ "acme-sso:protect": "true" });
    });

    it("namespaces bare keys with argo-sso when no Pulumi.yaml is beside the stack file", () => {
      fs.writeFileSync(path.join(dir, "Pulumi.qa.yaml"), "config:\n  protect: true\n");
      expect(readStackFile("qa", dir).config).to.deep.equal({ "argo-sso:protect": "true" });
    });

    it("refuses a stack name that could escape the directory", () => {
      expect(() => readStackFile("../etc", dir)).to.throw(StackFileError, /invalid stack name/);
    });
  });
});
