import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { cli, parseArgs, UsageError } from "../../scripts/render";

const ROOT = path.resolve(__dirname, "..", "..");

interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the render exactly as a user does, in a child process: for what only the process shows
 * (exit status, stdout and stderr as written, no stack trace). Costs about 1 s of CPU each.
 */
function renderCli(...args: string[]): CliResult {
  const result = spawnSync(
    process.execPath,
    ["--require", "./scripts/lib/ts-register.js", "scripts/render.ts", ...args],
    { cwd: ROOT, encoding: "utf8" },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The same command in this process: `cli`, the function the script's entry point calls with the
 * process's argv, stdout and stderr (scripts/render.ts); its return value is the exit status.
 */
async function renderInProcess(...args: string[]): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const status = await cli(args, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
  });
  return { status, stdout, stderr };
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
      expect(() => parseArgs(["--stack", "dev", "--verbose"])).to.throw(
        UsageError,
        /unknown argument "--verbose"/,
      );
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

    it("prints the same bytes on a second run (here in-process, as the command's cli function)", async () => {
      const second = await renderInProcess("--stack", "dev");
      expect(second.status, second.stderr).to.equal(0);
      expect(second.stdout).to.equal(first.stdout);
    });

    it("never prints a generated password", () => {
      expect(first.stdout).not.to.match(/mock-[0-9a-f]{48}/);
      expect(first.stdout).to.include('"[secret]"');
    });

    it("renders yaml and text too", async () => {
      const yaml = await renderInProcess("--stack", "prod", "--format", "yaml");
      expect(yaml.status, yaml.stderr).to.equal(0);
      expect(yaml.stdout).to.match(/^project: argo-sso\nstack: prod\n/);
      const text = await renderInProcess("--stack", "prod", "--format", "text");
      expect(text.status, text.stderr).to.equal(0);
      expect(text.stdout).to.match(/^argo-sso \/ prod: \d+ resources/);
      expect(text.stdout).to.include("Stack outputs:");
    });

    it("names the known stacks when the stack file does not exist, exit 2", async () => {
      const result = await renderInProcess("--stack", "staging");
      expect(result.status).to.equal(2);
      expect(result.stdout).to.equal("");
      // Other (scratch) stack files may sit beside dev and prod.
      expect(result.stderr).to.match(
        /no stack file Pulumi\.staging\.yaml; known stacks: (.+, )?dev, (.+, )?prod\b/,
      );
    });
  });
});

describe("scripts/render on a broken stack file", function () {
  this.timeout(60000);

  it("lists every problem with its key on stderr, prints nothing on stdout and exits 1", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-render-"));
    const broken = fs
      .readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8")
      .replace("argo-sso:groups:", "argo-sso:grups: {}\n  argo-sso:groups:")
      .replace(/(\n\s+url: https:\/\/argocd[^\n]*)/, "$1/")
      .replace(/workflows: admin/, "workflows: owner");
    const file = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(file, broken);
    const result = renderCli("--stack-file", file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status).to.equal(1);
    expect(result.stdout).to.equal("");
    expect(result.stderr).to.match(/the broken stack's config has 3 problem\(s\)/);
    expect(result.stderr).to.match(/^ {2}argo-sso:argocd\.url: must not end with a slash/m);
    expect(result.stderr).to.match(
      /^ {2}argo-sso:groups\.[\w-]+\.workflows: must be one of admin, edit, view, got "owner"/m,
    );
    expect(result.stderr).to.match(/^ {2}argo-sso:grups: unknown key \(did you mean "groups"\?\)/m);
    expect(result.stderr).not.to.match(/\n\s+at /);
  });
});

describe("scripts/render on a stack file with encrypted values", function () {
  this.timeout(60000);

  it("renders them as secrets, says so on stderr and never prints the ciphertext", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-render-"));
    const file = path.join(dir, "Pulumi.sealed.yaml");
    const devFile = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
    const sealed = devFile.replace(
      /argo-sso:cluster:[^\n]*\n(?:\s{4,}[^\n]*\n)*/,
      "argo-sso:cluster:\n    kubeconfig:\n      secure: v1:c2VhbGVk:Y2lwaGVydGV4dA==\n",
    );
    expect(sealed, "the dev stack file has an argo-sso:cluster key").not.to.equal(devFile);
    fs.writeFileSync(file, sealed);
    const result = await renderInProcess("--stack-file", file);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status, result.stderr).to.equal(0);
    expect(result.stderr).to.match(/argo-sso:cluster holds an encrypted value in sealed's stack file/);
    expect(result.stdout).not.to.include("Y2lwaGVydGV4dA");
    const kubeProvider = JSON.parse(result.stdout).resources.find(
      (r: { type: string }) => r.type === "pulumi:providers:kubernetes",
    );
    expect(kubeProvider.inputs.kubeconfig).to.equal("[secret]");
  });
});
