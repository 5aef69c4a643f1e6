/**
 * scripts/lib/ts-register.js, the TypeScript loader of the render, the tests and the benchmark,
 * and issue 10 defect 9: the Pulumi CLI must compile the program exactly as the tests run it.
 */
import { expect } from "chai";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = path.resolve(__dirname, "..", "..");

interface Hook {
  transpile(source: string, filename: string): { code: string; map: string };
  compiledFile(filename: string): string;
  mapStack(stack: string): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hook = require("../../scripts/lib/ts-register.js") as Hook;

/**
 * The defaults the Pulumi CLI's nodejs host gives ts-node before laying the tsconfig's own
 * `compilerOptions` over them, for a CommonJS project (package.json without `"type": "module"`)
 * and TypeScript ≥ 4.7: `@pulumi/pulumi` 3.270.0, `cmd/run/run.js`.
 */
const HOST_DEFAULTS = {
  target: "ES2020",
  module: "nodenext",
  moduleResolution: "nodenext",
  sourceMap: "true",
};

/** What the host reads: `tsutils.loadTypeScriptCompilerOptions`, the SDK's own function. */
function hostCompilerOptions(tsconfig: string): Record<string, unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsutils = require("@pulumi/pulumi/tsutils") as {
    loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
  };
  return tsutils.loadTypeScriptCompilerOptions(path.join(ROOT, tsconfig));
}

/** Every TypeScript file of the program Pulumi.yaml runs (index.ts and what it can import). */
function programFiles(): string[] {
  const files = ["index.ts"];
  for (const dir of ["components", "stacks"]) {
    for (const name of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      if (name.endsWith(".ts")) files.push(path.join(dir, name));
    }
  }
  return files;
}

/**
 * Each file compiled by ts-node registered the way `cmd/run/run.js` (3.270.0) registers it for a
 * CommonJS project: `transpileOnly` from the tsconfig's `noCheck`, `project` the tsconfig Pulumi.yaml
 * names, `compilerOptions` the host defaults with the tsconfig's own options over them. In a child
 * process, because ts-node installs source-map-support into whatever process creates it.
 */
function cliEmit(files: readonly string[]): Record<string, string> {
  const script = CLI_EMIT_SCRIPT;
  const result = spawnSync(process.execPath, ["-e", script, JSON.stringify([ROOT, HOST_DEFAULTS, files])], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  if (result.status !== 0) throw new Error(`ts-node child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

const CLI_EMIT_SCRIPT = `
    const path = require("node:path"), fs = require("node:fs");
    const [root, defaults, files] = JSON.parse(process.argv[1]);
    const tsconfig = path.join(root, "tsconfig.pulumi.json");
    const own = require("@pulumi/pulumi/tsutils").loadTypeScriptCompilerOptions(tsconfig);
    const service = require("ts-node").create({
      compiler: "typescript", transpileOnly: own.noCheck, project: tsconfig, skipProject: false,
      cwd: root, compilerOptions: { ...defaults, ...own },
    });
    const out = {};
    for (const file of files) {
      const filename = path.join(root, file);
      out[file] = service.compile(fs.readFileSync(filename, "utf8"), filename);
    }
    process.stdout.write(JSON.stringify(out));`;

/** A package's installed version, as the repository root resolves it. */
function versionOf(name: string): string {
  const file = require.resolve(`${name}/package.json`, { paths: [ROOT] });
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/**
 * {@link cliEmit}, remembered in node_modules/.cache under a hash of everything its output depends
 * on: the child script and the host defaults above, node, ts-node, TypeScript and @pulumi/pulumi
 * versions, every tsconfig*.json at the root, and each file's name and source. A change to any of
 * them (a fresh clone has no cache at all) runs ts-node again; an unchanged tree does not spend
 * ~10 s recompiling every file to get the same bytes.
 */
function cachedCliEmit(files: readonly string[]): Record<string, string> {
  const hash = crypto.createHash("sha256").update(CLI_EMIT_SCRIPT).update(JSON.stringify(HOST_DEFAULTS));
  hash.update(
    `${process.version}\0${versionOf("ts-node")}\0${versionOf("typescript")}\0${versionOf("@pulumi/pulumi")}`,
  );
  for (const name of fs.readdirSync(ROOT).sort()) {
    if (/^tsconfig.*\.json$/.test(name))
      hash.update(`\0${name}\0`).update(fs.readFileSync(path.join(ROOT, name)));
  }
  for (const file of files) hash.update(`\0${file}\0`).update(fs.readFileSync(path.join(ROOT, file)));
  const cache = path.join(
    ROOT,
    "node_modules",
    ".cache",
    "argo-sso-tests",
    `ts-node-emit-${hash.digest("hex")}.json`,
  );
  try {
    return JSON.parse(fs.readFileSync(cache, "utf8")) as Record<string, string>;
  } catch {
    // Not computed for this tree yet.
  }
  const emitted = cliEmit(files);
  try {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    fs.writeFileSync(`${cache}.${process.pid}.tmp`, JSON.stringify(emitted));
    fs.renameSync(`${cache}.${process.pid}.tmp`, cache);
  } catch {
    // A read-only node_modules only costs the cache.
  }
  return emitted;
}

const withoutSourceMapComment = (code: string) => code.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");

describe("how the program is compiled (issue 10 defect 9)", function () {
  this.timeout(60000);

  it("Pulumi.yaml points the CLI at tsconfig.pulumi.json", () => {
    const project = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    expect(project).to.match(/^\s+tsconfig: tsconfig\.pulumi\.json$/m);
  });

  it("the CLI's effective target and module are the ones tsconfig.json type-checks with", () => {
    const own = hostCompilerOptions("tsconfig.pulumi.json");
    const effective: Record<string, unknown> = { ...HOST_DEFAULTS, ...own };
    expect({
      target: effective.target,
      module: effective.module,
      moduleResolution: effective.moduleResolution,
      noCheck: effective.noCheck,
    }).to.deep.equal({ target: "ES2022", module: "commonjs", moduleResolution: "node", noCheck: true });
    const base = hostCompilerOptions("tsconfig.json");
    expect([base.target, base.module, base.moduleResolution]).to.deep.equal(["ES2022", "commonjs", "node"]);
  });

  it("ts-node as the CLI registers it emits the same JavaScript as the tests' loader, file for file", () => {
    const files = programFiles();
    expect(files.length).to.be.greaterThan(10);
    const cli = cachedCliEmit(files);
    expect(Object.keys(cli)).to.deep.equal(files);
    for (const file of files) {
      // What the hook runs (its own cache is keyed by the source, the tsconfigs, TypeScript and
      // the hook's own source, so it is what transpiling now would give).
      const ours = hook.compiledFile(path.join(ROOT, file));
      expect(ours, file).to.equal(withoutSourceMapComment(cli[file] as string));
    }
  });
});

describe("scripts/lib/ts-register.js", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-ts-register-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("installs no stack-trace hook (no per-frame source mapping)", () => {
    // Node's own formatter is there from node 20.x on (named ErrorPrepareStackTrace) or nothing is;
    // source-map-support (ts-node's) would replace it with its `prepareStackTrace`.
    expect(Error.prepareStackTrace?.name).to.be.oneOf([undefined, "ErrorPrepareStackTrace"]);
  });

  it("loads any .ts file, and a changed file is compiled again, never served stale from the cache", () => {
    const file = path.join(dir, "value.ts");
    fs.writeFileSync(file, "const n: number = 1;\nexport = n;\n");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(file)).to.equal(1);
    delete require.cache[file];
    fs.writeFileSync(file, "const n: number = 2;\nexport = n;\n");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require(file)).to.equal(2);
  });

  it("names the .ts file in stack frames and maps a failure's lines back to the TypeScript", () => {
    const file = path.join(dir, "thrower.ts");
    fs.writeFileSync(
      file,
      [
        "interface Unused {",
        "  a: string;",
        "  b: number;",
        "}",
        "type Alias = Unused;",
        "export function fail(): never {",
        '  throw new Error("boom");',
        "}",
        "",
      ].join("\n"),
    );
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { fail } = require(file) as { fail: () => never };
    let stack = "";
    try {
      fail();
    } catch (err) {
      stack = (err as Error).stack ?? "";
    }
    const firstFrame = (s: string) => s.split("\n").find((l) => l.includes("thrower.ts"));
    expect(firstFrame(stack)).to.not.include("thrower.ts:7:");
    expect(firstFrame(hook.mapStack(stack))).to.include(`${file}:7:9`);
  });

  it("reports a syntax error with file, line and column", () => {
    expect(() => hook.transpile("const x = ;\n", path.join(ROOT, "broken.ts"))).to.throw(
      SyntaxError,
      "broken.ts(1,11): error TS1109: Expression expected.",
    );
  });
});
