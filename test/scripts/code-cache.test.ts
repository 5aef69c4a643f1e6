/**
 * scripts/lib/code-cache.js: V8's code cache for node versions without module.enableCompileCache.
 * Two child processes share a fresh cache directory: the first compiles and writes entries, the
 * second compiles from them; both must run the modules exactly as node does.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = path.resolve(__dirname, "..", "..");

/** A module that uses what node's loader gives every CommonJS module. */
const MODULE = `
  "use strict";
  const sibling = require("./sibling");
  module.exports = {
    filename: __filename,
    dirname: __dirname,
    sibling,
    resolved: require.resolve("./sibling"),
    paths: Array.isArray(require.resolve.paths("x")),
    cacheIsNodes: require.cache === require("node:module")._cache,
    main: require.main === process.mainModule,
    thisIsExports: this === module.exports,
  };
`;
/** A module that imports: left to node, never cached. */
const IMPORTING = `module.exports = () => import("node:path").then((p) => typeof p.join);\n`;

function run(dir: string, cache: string): Record<string, unknown> {
  const script = `
    const { install, stats } = require(${JSON.stringify(path.join(ROOT, "scripts", "lib", "code-cache.js"))});
    const installed = install(${JSON.stringify(cache)});
    const m = require(${JSON.stringify(path.join(dir, "main.js"))});
    require(${JSON.stringify(path.join(dir, "importing.js"))})().then((join) =>
      process.stdout.write(JSON.stringify({ installed, ...m, dynamic: join, stats })));
  `;
  const child = spawnSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "" },
  });
  expect(child.status, child.stderr).to.equal(0);
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe("scripts/lib/code-cache.js (issue 11: render start-up on Node 20)", function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-code-cache-"));
    fs.writeFileSync(path.join(dir, "main.js"), MODULE);
    fs.writeFileSync(path.join(dir, "sibling.js"), 'module.exports = "sibling";\n');
    fs.writeFileSync(path.join(dir, "importing.js"), IMPORTING);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes an entry per module, then compiles from the entries, and the modules see what node gives them (import() too)", () => {
    const cache = path.join(dir, "cache");
    const first = run(dir, cache);
    const second = run(dir, cache);
    const expected = {
      installed: true,
      filename: path.join(dir, "main.js"),
      dirname: dir,
      sibling: "sibling",
      resolved: path.join(dir, "sibling.js"),
      paths: true,
      cacheIsNodes: true,
      main: true,
      thisIsExports: true,
      dynamic: "function",
    };
    expect(first).to.deep.include(expected);
    expect(second).to.deep.include(expected);
    expect(first.stats).to.deep.equal({ accepted: 0, compiled: 2 });
    expect(second.stats).to.deep.equal({ accepted: 2, compiled: 0 });
    const entries = fs.readdirSync(cache, { recursive: true }).filter((f) => String(f).endsWith(".bin"));
    expect(entries).to.have.length(2);
  });

  it("compiles afresh when a module's source changes", () => {
    const cache = path.join(dir, "cache-change");
    run(dir, cache);
    fs.writeFileSync(path.join(dir, "sibling.js"), 'module.exports = "changed";\n');
    const changed = run(dir, cache);
    expect(changed.sibling).to.equal("changed");
    expect(changed.stats).to.deep.equal({ accepted: 1, compiled: 1 });
  });
});
