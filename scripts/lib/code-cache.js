/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: it is loaded before any TypeScript */
"use strict";
/**
 * V8's code cache for CommonJS modules on Node versions without `module.enableCompileCache`
 * (before 22.1; `scripts/lib/ts-register.js` uses that one where it exists). Every module this
 * process compiles (the SDK's JavaScript and our transpiled TypeScript alike) is compiled with
 * `vm.Script` and the cached data from an earlier run, if V8 accepts it; at exit, the code V8
 * produced for modules that had no usable entry is written to the cache. What V8 then skips is
 * parsing and compiling: about a quarter of a dev render's start-up on Node 20.
 *
 * Entries live in `<dir>/<2 hex>/<sha256 of V8 version, file name and source>.bin`, one per
 * module, written to a temporary name and renamed (parallel mocha jobs share the cache). V8
 * checks each entry against the source and its own flags and rejects one that does not fit
 * (`script.cachedDataRejected`): the module is then compiled as usual and the entry rewritten.
 *
 * What differs from node's own loader: the module is wrapped with `Module.wrap` (node 20 compiles
 * the same wrapper parameters), so only line 1's column numbers shift by the wrapper's length;
 * `require` is built here with node's documented members (`resolve`, `resolve.paths`, `main`,
 * `cache`, `extensions`); a module whose source contains `import(` is left to node (compiled
 * without the cache), because a cached `vm.Script` cannot import on node 20. NODE_DISABLE_COMPILE_CACHE=1
 * turns it off, as it turns off node 22's.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

/** `import(` anywhere in a module's source (in a comment or a string too: that module is then only not cached). */
const DYNAMIC_IMPORT = /\bimport\s*\(/;

/** What this process found in the cache: modules compiled from an entry, and modules compiled without one. */
const stats = { accepted: 0, compiled: 0 };

/** @returns whether the hook was installed */
function install(dir) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === "1") return false;
  const salt = crypto.createHash("sha256").update(`${process.version}\0${process.versions.v8}\0`).digest();
  /** Scripts compiled without a usable entry: written at exit, once their lazy functions have compiled too. */
  const pending = [];

  function makeRequire(mod) {
    const require = (id) => mod.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    return require;
  }

  const nodeCompile = Module.prototype._compile;
  Module.prototype._compile = function compile(content, filename, format) {
    // ES modules (`require(esm)`: node passes the format) are node's business.
    if (format !== undefined && format !== "commonjs")
      return nodeCompile.call(this, content, filename, format);
    // A script compiled with vm.Script cannot `import()` once it comes from the cache (node 20
    // loses the callback), so a module that might import is node's business too.
    if (DYNAMIC_IMPORT.test(content)) return nodeCompile.call(this, content, filename, format);
    const wrapper = Module.wrap(content);
    const key = crypto
      .createHash("sha256")
      .update(salt)
      .update(filename)
      .update("\0")
      .update(wrapper)
      .digest("hex");
    const file = path.join(dir, key.slice(0, 2), `${key.slice(2)}.bin`);
    let cachedData;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      // Not cached yet.
    }
    let script;
    try {
      script = new vm.Script(wrapper, { filename, cachedData });
    } catch {
      // Not CommonJS after all (ES module syntax in a .js file) or a syntax error: node's own
      // compile detects the one and reports the other as it always does.
      return nodeCompile.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected) {
      stats.compiled++;
      pending.push({ script, file });
    } else stats.accepted++;
    const fn = script.runInThisContext({ displayErrors: true });
    return fn.call(this.exports, this.exports, makeRequire(this), this, filename, path.dirname(filename));
  };

  process.once("exit", () => {
    for (const { script, file } of pending) {
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const temp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, file);
      } catch {
        // A read-only cache directory only costs the cache.
      }
    }
  });
  return true;
}

module.exports = { install, stats };
