/* global require, module, process, __dirname, __filename */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS by necessity: this file is what makes TypeScript loadable */
"use strict";
/**
 * Runs this repository's TypeScript in node, for the render, the tests and the benchmark:
 *
 *   node --require ./scripts/lib/ts-register.js scripts/render.ts
 *
 * A `require` hook for `.ts` files that transpiles each file once with TypeScript's own
 * `transpileModule` (the same call ts-node's transpile-only mode makes) and the compiler options
 * `tsconfig.pulumi.json` resolves to (`extends` followed), so the JavaScript that runs here is the
 * JavaScript `pulumi up` runs. The output is cached in `node_modules/.cache/argo-sso-ts/`, keyed
 * by a hash of the file's source, the tsconfig files, the TypeScript version and this file: a warm run does
 * not even load the compiler.
 *
 * It installs no `Error.prepareStackTrace` hook (ts-node installs source-map-support, which maps
 * every frame of every stack the Pulumi SDK captures, one per promise and per resource). Stack
 * frames name the `.ts` file with the JavaScript's line; a failing mocha test's stack is mapped
 * back to TypeScript lines (the `mochaHooks` below), once, when it fails.
 *
 * It is a JavaScript file because it is what makes TypeScript loadable.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const ROOT = path.resolve(__dirname, "..", "..");
/** The tsconfig whose options the program is compiled with: the one Pulumi.yaml names. */
const TSCONFIG = path.join(ROOT, "tsconfig.pulumi.json");
/** The compile cache; ARGO_SSO_TS_CACHE moves it (the benchmark times a run with an empty one). */
const CACHE_DIR = process.env.ARGO_SSO_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "argo-sso-ts");

let salt;
/** Hash input shared by every file: this file's own source, TypeScript version, every tsconfig*.json at the root. */
function cacheSalt() {
  if (salt === undefined) {
    // This file's source: a change to the emit below never serves JavaScript the old one produced.
    const hash = crypto.createHash("sha256").update(fs.readFileSync(__filename));
    const tsPackage = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8"));
    hash.update(`\0typescript@${tsPackage.version}`);
    for (const name of fs.readdirSync(ROOT).sort()) {
      if (/^tsconfig.*\.json$/.test(name))
        hash.update(`\0${name}\0`).update(fs.readFileSync(path.join(ROOT, name)));
    }
    salt = hash.digest();
  }
  return salt;
}

let compiler;
/** TypeScript and the emit options, loaded only when a file is not in the cache. */
function loadCompiler() {
  if (compiler === undefined) {
    const ts = require("typescript");
    const parsed = ts.getParsedCommandLineOfConfigFile(
      TSCONFIG,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const options = {
      ...parsed.options,
      noEmit: false,
      declaration: false,
      sourceMap: true,
      inlineSourceMap: false,
      inlineSources: false,
    };
    delete options.outDir;
    compiler = { ts, options };
  }
  return compiler;
}

/**
 * Transpiles one file as ts-node's transpile-only mode does (TypeScript's `transpileModule`, the
 * tsconfig's options). Syntax errors throw, named by file, line and column.
 * @returns the JavaScript (without a source-map comment) and its source map (JSON text)
 */
function transpile(source, filename) {
  const { ts, options } = loadCompiler();
  const out = ts.transpileModule(source, {
    compilerOptions: options,
    fileName: filename,
    reportDiagnostics: true,
  });
  const errors = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const text = errors.map((d) => {
      const where =
        d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const at = where ? `(${where.line + 1},${where.character + 1})` : "";
      return `${path.relative(ROOT, filename)}${at}: error TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
    const error = new SyntaxError(text.join("\n"));
    error.stack = error.message;
    throw error;
  }
  const code = out.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  return { code, map: out.sourceMapText ?? "" };
}

/** Where each loaded file's source map is: filename → cache path. */
const maps = new Map();

/** The JavaScript for `filename`, from the cache or freshly transpiled (and then cached). */
function compiled(source, filename) {
  const key = crypto.createHash("sha256").update(cacheSalt()).update(source).digest("hex");
  const file = path.join(CACHE_DIR, key.slice(0, 2), `${key.slice(2)}.js`);
  maps.set(filename, `${file}.map`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // Not cached yet.
  }
  const { code, map } = transpile(source, filename);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write, then rename: parallel processes never read a half-written entry.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(`${temp}.map`, map);
    fs.renameSync(`${temp}.map`, `${file}.map`);
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, file);
  } catch {
    // A read-only node_modules only costs the cache.
  }
  return code;
}

function register() {
  const extensions = Module._extensions;
  extensions[".ts"] = (mod, filename) => {
    mod._compile(compiled(fs.readFileSync(filename, "utf8"), filename), filename);
  };
}

/**
 * Rewrites the `file.ts:line:column` positions in a stack trace from the JavaScript that ran to
 * the TypeScript source, using the source maps of the files this hook loaded. Other frames stay.
 */
function mapStack(stack) {
  if (typeof stack !== "string") return stack;
  const consumers = new Map();
  return stack.replace(/([^\s()]+\.ts):(\d+):(\d+)/g, (whole, filename, line, column) => {
    const mapFile = maps.get(filename);
    if (mapFile === undefined) return whole;
    if (!consumers.has(filename)) {
      try {
        consumers.set(filename, new Module.SourceMap(JSON.parse(fs.readFileSync(mapFile, "utf8"))));
      } catch {
        consumers.set(filename, undefined);
      }
    }
    const entry = consumers.get(filename)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || entry.originalLine === undefined) return whole;
    return `${filename}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

register();
// Parts of @pulumi/pulumi that a run under the mocks never uses load on first use (lazy-sdk.js).
require("./lazy-sdk").install(ROOT);
// Node 22.1+: V8's on-disk compile cache for every CommonJS module of the process (the Pulumi SDK
// alone is ~770 modules), about a fifth of a dev render's CPU. NODE_DISABLE_COMPILE_CACHE=1 turns
// it off (the benchmark does, so that the render is compared with the floor on equal terms).
if (Module.enableCompileCache) Module.enableCompileCache(path.join(CACHE_DIR, "v8"));
// Before 22.1: the same cache, kept by code-cache.js.
else require("./code-cache").install(path.join(CACHE_DIR, "v8-20"));

module.exports = {
  transpile,
  /** The JavaScript the hook runs for a file: from the cache, or transpiled and cached. */
  compiledFile: (filename) => compiled(fs.readFileSync(filename, "utf8"), filename),
  mapStack,
  CACHE_DIR,
  /** Mocha root hooks (when required by mocha): a failed test's stack gets TypeScript lines. */
  mochaHooks: {
    afterEach() {
      const err = this.currentTest?.err;
      if (this.currentTest?.state === "failed" && err && typeof err.stack === "string") {
        err.stack = mapStack(err.stack);
      }
    },
  },
};
