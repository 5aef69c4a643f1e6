import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { parseArgs, UsageError } from "../../scripts/render";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs the render exactly as a user does, in a child process. */
function renderCli(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["--require", "ts-node/register/transpile-only", "scripts/render.ts", ...args],
    { cwd: ROOT, encoding: "utf8", env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" } },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("scripts/render", () => {
  describe("parseArgs", () => {
    it("reads --stack and --format in both spellings", () => {
      expect(parseArgs(["--stack", "dev", "--format=yaml"])).to.deep.equal({ stack: "dev", format: "yaml" });
    });

    it("defaults the format to json", () => {
      expect(parseArgs(["--stack=prod"]).format).to.equal("json");
    });

    it("rejects a missing stack, an unknown format and unknown arguments", () => {
      expect(() => parseArgs([])).to.throw(UsageError, /--stack is required/);
      expect(() => parseArgs(["--stack", "dev", "--format", "xml"])).to.throw(UsageError, /json, yaml, text/);
      expect(() => parseArgs(["--stack", "dev", "--verbose"])).to.throw(UsageError, /unknown argument "--verbose"/);
    });
  });

  describe("the command", function () {
    this.timeout(60000);
    let first: ReturnType<typeof renderCli>;

    before(() => {
      first = renderCli("--stack", "dev");
    });

    it("prints one JSON document with project, stack, resources and outputs on stdout", () => {
      expect(first.status, first.stderr).to.equal(0);
      const doc = JSON.parse(first.stdout);
      expect(doc).to.have.keys("project", "stack", "resources", "outputs");
      expect(doc.project).to.equal("argo-sso");
      expect(doc.stack).to.equal("dev");
      expect(doc.resources.length).to.be.greaterThan(10);
      for (const r of doc.resources) {
        expect(r).to.include.keys("type", "name", "parent", "inputs", "outputs", "protect");
      }
    });

    it("prints the same bytes on a second run", () => {
      const second = renderCli("--stack", "dev");
      expect(second.stdout).to.equal(first.stdout);
    });

    it("never prints a generated password", () => {
      expect(first.stdout).not.to.match(/mock-[0-9a-f]{48}/);
      expect(first.stdout).to.include('"[secret]"');
    });

    it("renders yaml and text too", () => {
      const yaml = renderCli("--stack", "prod", "--format", "yaml");
      expect(yaml.status, yaml.stderr).to.equal(0);
      expect(yaml.stdout).to.match(/^project: argo-sso\nstack: prod\n/);
      const text = renderCli("--stack", "prod", "--format", "text");
      expect(text.status, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/^argo-sso \/ prod: \d+ resources/);
      expect(text.stdout).to.include("Stack outputs:");
    });

    it("names the known stacks when the stack file does not exist, exit 2", () => {
      const result = renderCli("--stack", "staging");
      expect(result.status).to.equal(2);
      expect(result.stdout).to.equal("");
      expect(result.stderr).to.match(/no stack file Pulumi\.staging\.yaml; known stacks: dev, prod/);
    });
  });
});
