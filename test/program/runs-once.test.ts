/**
 * test/support/runs.ts: the remembered whole-program runs that many tests share (issue 11). A
 * remembered run must be the run of exactly that input, and no test may change another's copy.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { devRuntimeConfig } from "../support/configs";
import { runProgramOnce, runStackOnce } from "../support/runs";

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
