/**
 * test/support/runs.ts and test/support/configs.ts: the remembered whole-program runs and stack
 * file reads that many tests share (issue 11). A remembered result must be the result of exactly
 * that input, and no test may change another's copy.
 */
import { expect } from "chai";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { devRuntimeConfig, load, stackFileConfig } from "../support/configs";
import { runProgramOnce, runStackOnce } from "../support/runs";
import { wasParsed } from "../support/x509";

const ROOT = path.resolve(__dirname, "..", "..");
const GROUP = "aws:identitystore/group:Group";

describe("test/support/runs.ts", function () {
  this.timeout(60000);

  it("gives every caller its own copy of a remembered run", async () => {
    const first = await runProgramOnce({ stack: "dev", config: devRuntimeConfig() });
    const count = first.resources.length;
    (first.resources as unknown[]).length = 0;
    first.outputs.changed = true;
    const second = await runProgramOnce({ stack: "dev", config: devRuntimeConfig() });
    expect(second.resources).to.have.length(count);
    expect(second.outputs).to.not.have.property("changed");
  });

  it("runs a changed config afresh", async () => {
    const plain = await runProgramOnce({ stack: "dev", config: devRuntimeConfig() });
    const protectedRun = await runProgramOnce({
      stack: "dev",
      config: { ...devRuntimeConfig(), "argo-sso:protect": "true" },
    });
    const groups = (run: typeof plain) => run.resources.filter((r) => r.type === GROUP).map((r) => r.protect);
    expect(groups(plain)).to.not.include(true);
    expect(groups(protectedRun)).to.not.include(false);
    expect(groups(protectedRun)).to.have.length(groups(plain).length).and.length.greaterThan(0);
  });

  it("runs a stack file again when its text changes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-runs-"));
    try {
      const file = path.join(dir, "Pulumi.copy.yaml");
      const text = fs.readFileSync(path.join(ROOT, "Pulumi.dev.yaml"), "utf8");
      expect(text).to.include("argo-sso:protect: false");
      fs.writeFileSync(file, text);
      const before = await runStackOnce({ stack: "copy", dir });
      fs.writeFileSync(file, text.replace("argo-sso:protect: false", "argo-sso:protect: true"));
      const after = await runStackOnce({ stack: "copy", dir });
      expect(before.config["argo-sso:protect"]).to.equal("false");
      expect(after.config["argo-sso:protect"]).to.equal("true");
      expect(after.run.resources.filter((r) => r.type === GROUP).map((r) => r.protect)).to.not.include(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("test/support/configs.ts: stack files read once", () => {
  it("gives every caller its own copy, and reads the file again when its text changes", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-configs-"));
    try {
      const file = path.join(dir, "Pulumi.copy.yaml");
      fs.writeFileSync(file, "config:\n  aws:region: eu-west-1\n  argo-sso:protect: false\n");
      const first = stackFileConfig("copy", dir);
      expect(first).to.deep.equal({ "aws:region": "eu-west-1", "argo-sso:protect": "false" });
      first["aws:region"] = "changed";
      delete first["argo-sso:protect"];
      expect(stackFileConfig("copy", dir)).to.deep.equal({
        "aws:region": "eu-west-1",
        "argo-sso:protect": "false",
      });
      fs.writeFileSync(file, "config:\n  aws:region: us-east-1\n");
      expect(stackFileConfig("copy", dir)).to.deep.equal({ "aws:region": "us-east-1" });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("test/support/x509.ts: each certificate text parsed once", () => {
  const pem = (name: string) => fs.readFileSync(path.join(ROOT, "test", "fixtures", "certs", name), "utf8");

  it("answers the same text with the certificate parsed from it, another text with its own", () => {
    const first = new crypto.X509Certificate(pem("example.pem"));
    expect(new crypto.X509Certificate(pem("example.pem"))).to.equal(first);
    expect(first).to.be.an.instanceOf(crypto.X509Certificate);
    // test/fixtures/certs/README.md: example.pem 2026-01-01 to 2036-01-01, expired.pem to 2016-01-01.
    expect(first.validTo).to.equal("Jan  1 00:00:00 2036 GMT");
    const expired = new crypto.X509Certificate(pem("expired.pem"));
    expect(expired).to.not.equal(first);
    expect(expired.validTo).to.equal("Jan  1 00:00:00 2016 GMT");
  });

  it("throws for text that is not a certificate, every time", () => {
    const broken = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    expect(() => new crypto.X509Certificate(broken)).to.throw();
    expect(() => new crypto.X509Certificate(broken)).to.throw();
    expect(wasParsed(broken)).to.equal(false);
  });

  it("is what the stack config loader parses with", () => {
    const config = devRuntimeConfig();
    const identity = JSON.parse(config["argo-sso:identityCenter"]) as {
      samlApplication: Record<string, unknown>;
    };
    identity.samlApplication.certificate = pem("expiring.pem").replace(/\n/g, "\r\n");
    const { problems } = load({ ...config, "argo-sso:identityCenter": JSON.stringify(identity) });
    expect(problems.join("\n")).to.include("expired on 2025-02-01");
    // The loader normalises the PEM text (CRLF to LF) before parsing it.
    expect(wasParsed(pem("expiring.pem"))).to.equal(true);
  });
});
