/**
 * mutation/changed.sh picks the files to mutate and the tests each one runs against, then starts
 * one Stryker per file. Here `npm` is a stand-in on PATH that records what Stryker would have been
 * given (STRYKER_MUTATE, STRYKER_SPEC, STRYKER_REPORT_DIR) and fails for one chosen file, so the
 * selection and the exit status are checked without running Stryker.
 */
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

interface Call {
  readonly mutate: string;
  readonly spec: string[];
  readonly reportDir: string;
}

function runChanged(
  env: Record<string, string>,
  cwd = ROOT,
): { status: number | null; stdout: string; calls: Call[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-changed-"));
  try {
    const log = path.join(dir, "calls.txt");
    // `npm run --prefix mutation stryker` → one line per call; exit 1 for $FAIL_FOR.
    fs.writeFileSync(
      path.join(dir, "npm"),
      `#!/bin/sh\nprintf '%s|%s|%s\\n' "$STRYKER_MUTATE" "$STRYKER_SPEC" "$STRYKER_REPORT_DIR" >> "${log}"\n` +
        `[ "$STRYKER_MUTATE" != "\${FAIL_FOR:-}" ]\n`,
      { mode: 0o755 },
    );
    const result = spawnSync("sh", ["mutation/changed.sh"], {
      cwd,
      encoding: "utf8",
      env: { PATH: `${dir}:${process.env.PATH}`, HOME: dir, ...env },
    });
    const lines = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
    const calls = lines.map((line) => {
      const [mutate, spec, reportDir] = line.split("|");
      return { mutate, spec: spec === "" ? [] : spec.split(","), reportDir };
    });
    return { status: result.status, stdout: result.stdout, calls };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("mutation/changed.sh (issue 15: which file runs against which tests)", () => {
  it("runs a named file against exactly the test files that import it, reporting into its own folder", () => {
    const { status, calls } = runChanged({ FILES: "components/workflows-crds.ts" });
    expect(status).to.equal(0);
    expect(calls).to.have.length(1);
    expect(calls[0].mutate).to.equal("components/workflows-crds.ts");
    expect(calls[0].reportDir).to.equal("reports/mutation/components-workflows-crds");
    expect(calls[0].spec).to.include("test/components/workflows-crds.test.ts");
    for (const spec of calls[0].spec) {
      expect(fs.readFileSync(path.join(ROOT, spec), "utf8"), spec).to.match(
        /[\\"/]components\/workflows-crds"/,
      );
    }
  });

  it("gives a config-layer file every test under test/stacks/, which reach it through loadStackConfig", () => {
    const { calls } = runChanged({ FILES: "stacks/secret-config.ts components/naming.ts" });
    expect(calls.map((c) => c.mutate)).to.deep.equal(["stacks/secret-config.ts", "components/naming.ts"]);
    expect(calls[0].spec).to.include("test/stacks/**/*.test.ts");
    expect(calls[1].spec).not.to.include("test/stacks/**/*.test.ts");
  });

  it("FILES=all names every components/, stacks/ and policy/ file except the pack's entry point", () => {
    const { calls } = runChanged({ FILES: "all" });
    const mutated = calls.map((c) => c.mutate);
    const expected = ["components", "stacks", "policy"]
      .flatMap((d) =>
        fs
          .readdirSync(path.join(ROOT, d))
          .filter((f) => f.endsWith(".ts"))
          .map((f) => `${d}/${f}`),
      )
      .filter((f) => f !== "policy/index.ts");
    expect([...mutated].sort()).to.deep.equal(expected.sort());
    expect(mutated).to.include("components/argo-cd.ts");
    expect(mutated).to.include("policy/sso-bypass.ts");
    expect(mutated).not.to.include("policy/index.ts");
  });

  it("runs every file even when one fails, then exits non-zero naming the failed file", () => {
    const { status, stdout, calls } = runChanged({
      FILES: "components/naming.ts components/workflows-crds.ts",
      FAIL_FOR: "components/naming.ts",
    });
    expect(calls.map((c) => c.mutate)).to.deep.equal([
      "components/naming.ts",
      "components/workflows-crds.ts",
    ]);
    expect(status).to.equal(1);
    expect(stdout).to.include("mutation: failed or under STRYKER_BREAK: components/naming.ts");
  });

  it("asks git for the files that differ from BASE, and says so when none does", () => {
    // A scratch repository holding the script and two source files, so the answer does not
    // depend on this work tree's uncommitted changes.
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-changed-repo-"));
    try {
      const git = (...args: string[]) =>
        spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: repo });
      fs.mkdirSync(path.join(repo, "mutation"));
      fs.mkdirSync(path.join(repo, "components"));
      fs.mkdirSync(path.join(repo, "policy"));
      fs.mkdirSync(path.join(repo, "test"));
      fs.copyFileSync(path.join(ROOT, "mutation", "changed.sh"), path.join(repo, "mutation", "changed.sh"));
      fs.writeFileSync(path.join(repo, "components", "a.ts"), "export const a = 1;\n");
      fs.writeFileSync(path.join(repo, "policy", "index.ts"), "export {};\n");
      git("init", "-q");
      git("add", ".");
      git("commit", "-q", "-m", "base");
      const none = runChanged({ BASE: "HEAD" }, repo);
      expect(none.status).to.equal(0);
      expect(none.calls).to.deep.equal([]);
      expect(none.stdout).to.include("mutation: no components/, stacks/ or policy/ file differs from HEAD");
      fs.writeFileSync(path.join(repo, "components", "a.ts"), "export const a = 2;\n");
      fs.writeFileSync(path.join(repo, "policy", "index.ts"), "export const b = 2;\n");
      const changed = runChanged({ BASE: "HEAD" }, repo);
      expect(changed.calls.map((c) => c.mutate)).to.deep.equal(["components/a.ts"]);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
