import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The program the Pulumi CLI's nodejs host runs for a project, following pulumi/pulumi at v3.259.0
 * (the newest tag in the fetched snapshot; the same code ships in @pulumi/pulumi 3.270.0's
 * cmd/run/run.js):
 * - pkg/engine/project.go getPwdMain: `main` in Pulumi.yaml, relative to the project folder; a
 *   file becomes (its folder, its name), a folder (that folder, "."); no `main` is ".";
 * - sdk/nodejs/cmd/run/run.ts: "." means "no entry point": the nearest package.json walking up
 *   from the program folder (searchupPackageManifest) supplies `exports` or `main`, joined to the
 *   package.json's folder (resolveEntrypoint; kept only when that file exists);
 * - otherwise the folder itself is required: index.js, else index.ts (ts-node's extension).
 */
function resolveEntryPoint(projectFile: string): string {
  const projectDir = path.dirname(projectFile);
  const project = YAML.parse(fs.readFileSync(projectFile, "utf8")) as { main?: string };
  let program = projectDir;
  if (project.main) {
    const main = path.resolve(projectDir, project.main);
    if (fs.statSync(main).isFile()) return main;
    program = main;
  }
  let dir = program;
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const manifest = path.join(dir, "package.json");
  if (fs.existsSync(manifest)) {
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { main?: string; exports?: unknown };
    const entry = typeof pkg.exports === "string" ? pkg.exports : pkg.main;
    if (entry && fs.existsSync(path.join(dir, entry))) return path.join(dir, entry);
  }
  const js = path.join(program, "index.js");
  return fs.existsSync(js) ? js : path.join(program, "index.ts");
}

/** Every Pulumi.yaml in the repository (not node_modules, not dot-folders). */
function projectFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".") || entry.name === "node_modules") return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return projectFiles(full);
    return entry.name === "Pulumi.yaml" ? [full] : [];
  });
}

const rel = (file: string) => path.relative(ROOT, file);

describe("Pulumi.yaml entry points (as the nodejs language host resolves them)", () => {
  it("every project in the repository runs its intended program", () => {
    const resolved = Object.fromEntries(
      projectFiles(ROOT).map((file) => [rel(file), rel(resolveEntryPoint(file))]),
    );
    expect(resolved).to.deep.equal({
      "Pulumi.yaml": "index.ts",
      "stacks/deployments/Pulumi.yaml": "stacks/deployments/index.ts",
    });
  });

  it("a sub-project without main runs the program of the nearest package.json (the defect the main fixes)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entry-"));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ main: "index.ts" }));
      fs.writeFileSync(path.join(dir, "index.ts"), "");
      fs.mkdirSync(path.join(dir, "sub"));
      fs.writeFileSync(path.join(dir, "sub", "index.ts"), "");
      fs.writeFileSync(path.join(dir, "sub", "Pulumi.yaml"), "name: sub\nruntime: nodejs\n");
      expect(resolveEntryPoint(path.join(dir, "sub", "Pulumi.yaml"))).to.equal(path.join(dir, "index.ts"));
      fs.writeFileSync(path.join(dir, "sub", "Pulumi.yaml"), "name: sub\nruntime: nodejs\nmain: index.ts\n");
      expect(resolveEntryPoint(path.join(dir, "sub", "Pulumi.yaml"))).to.equal(
        path.join(dir, "sub", "index.ts"),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("the deployments project's tsconfig is in its own folder, where the host runs it", () => {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "stacks/deployments/Pulumi.yaml"), "utf8"));
    expect(project.main).to.equal("index.ts");
    expect(fs.existsSync(path.join(ROOT, "stacks/deployments", project.runtime.options.tsconfig))).to.equal(
      true,
    );
  });

  it("the deployments tsconfig states its compile options itself, since the host does not follow extends", () => {
    const file = path.join(ROOT, "stacks/deployments/tsconfig.json");
    const own = ts.parseConfigFileTextToJson(file, fs.readFileSync(file, "utf8")).config.compilerOptions;
    const root = ts.parseConfigFileTextToJson(
      "tsconfig.json",
      fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"),
    ).config.compilerOptions;
    expect(own).to.deep.equal({
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
      noCheck: true,
    });
    expect({
      target: root.target,
      module: root.module,
      moduleResolution: root.moduleResolution,
    }).to.deep.equal({
      target: "ES2022",
      module: "commonjs",
      moduleResolution: "node",
    });
  });
});
