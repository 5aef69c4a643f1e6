/* global require, module, process */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS: it is loaded before any TypeScript */
"use strict";
/**
 * Defers three parts of `@pulumi/pulumi` that its index loads eagerly and that a program run under
 * the mock runtime never calls, and skips the stack traces the SDK captures for every promise and
 * every resource, which nothing reads under the mocks (`scripts/lib/ts-register.js` installs this
 * for the render, the tests and the benchmark; the Pulumi CLI never loads it):
 *
 * - `automation/index.js`: the Automation API (`pulumi.automation`), which loads the CLI wrapper,
 *   gRPC servers and, through them, the rest;
 * - `runtime/closure/codePaths.js`: `pulumi.runtime.computeCodePaths`, which loads
 *   `@npmcli/arborist` (with pacote, sigstore, npm-registry-fetch: about 300 modules);
 * - `typescript-shim.js`: the TypeScript compiler (9 MB of JavaScript), which the SDK uses only to
 *   parse a function it serializes (`pulumi.runtime.serializeFunction`, dynamic providers, the
 *   policy analyzer).
 *
 * Measured on Node 20 (issue 11, docs/scale.md): `require("@pulumi/pulumi")` goes from about
 * 1.2 s to 0.4 s of CPU. Each stand-in loads the real module the first time it is used, so
 * nothing changes but when the loading happens: `pulumi.automation.LocalWorkspace`,
 * `computeCodePaths(...)` or a closure serialization work as before, only the first use pays the
 * load. Nothing under node_modules is modified.
 *
 * Promise stack traces: `debuggablePromise` (`runtime/debuggable.js`) stores `new Error().stack` on
 * every promise the SDK's runtime creates (about 3,100 in a dev render, 37 per account assignment).
 * Capturing and formatting those traces was about half the CPU of a whole-program run under the
 * mocks. The SDK prints that text only in its promise-leak report and only when
 * `PULUMI_DEBUG_PROMISE_LEAKS` is set (`promiseDebugString`, called from `leakedPromises` under
 * `debugPromiseLeaks`, which is read from that variable when the module loads). So when the module
 * loads, its exported `debuggablePromise` is replaced by one that calls the real one with
 * `Error.stackTraceLimit` at 0 (the trace is then just `Error`) and restores the limit. Every caller
 * in the SDK calls it through that exports object (`debuggable_1.debuggablePromise(...)` in
 * `runtime/resource.js`, `rpc.js`, `invoke.js`, `settings.js`, `callbacks.js`), so all of them get
 * it; everything else it does (leak bookkeeping, the `.then`/`.catch` chain) is the real function's.
 *
 * Resource stack traces: the `Resource` constructor (`resource.js`, `Resource.stackTrace(4)`)
 * captures `new Error().stack` with `Error.stackTraceLimit` at Infinity for every resource, parses
 * every frame into a file URL, line and column, and `runtime/resource.js` marshals the first as
 * the request's source position and all of them as its stack trace (`setSourceposition`,
 * `setStacktrace`), for the engine to show where a resource was declared. Under the mocks there is
 * no engine: `runtime/mocks.js` never reads either field and neither does the capture of
 * `scripts/lib/mock-runtime.ts`. So `Resource.stackTrace` is replaced, once `resource.js` has
 * loaded, by one that returns no frames (the SDK then sends no source position, as it does when
 * the stack has too few frames): a dev program run under the mocks took 91–119 ms of CPU instead
 * of 96–134 ms (4 interleaved pairs of 40 runs, about 10 % less).
 *
 * Neither is done when `PULUMI_DEBUG_PROMISE_LEAKS` is set, nor when a stack-trace hook such as
 * source-map-support is installed before this (the benchmark's floor with source-map-support, which
 * stands for the Pulumi CLI). Every other stack trace is untouched.
 */
const Module = require("node:module");
const path = require("node:path");

/** The `@pulumi/pulumi` version whose module shapes the stand-ins below follow. */
const SDK_VERSION = "3.270.0";

/** Files made lazy, relative to the `@pulumi/pulumi` package directory (test/scripts/lazy-sdk.test.ts reads it). */
const LAZY = {
  /** `index.js` reads only `__esModule` at load (`__importStar`), the rest on use. */
  automation: "automation/index.js",
  /** `runtime/index.js` copies `computeCodePaths` at load: the stand-in exports forwarding functions. */
  codePaths: "runtime/closure/codePaths.js",
  /** `runtime/closure/parseFunction.js` keeps the module object at load, reads it on use. */
  typescript: "typescript-shim.js",
};
/** The file whose `debuggablePromise` captures a stack trace per promise (3.270.0). */
const DEBUGGABLE = "runtime/debuggable.js";
/** The file whose `Resource` captures and parses a whole stack trace per resource (3.270.0). */
const RESOURCE = "resource.js";

/** The functions `runtime/closure/codePaths.js` exports (3.270.0). */
const CODE_PATHS_EXPORTS = ["computeCodePaths", "findWorkspaceRoot", "packageArchivePath"];

/** Where `@pulumi/pulumi` is, as `require` from the repository root finds it; undefined if absent. */
function sdkDirectory(root) {
  try {
    const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [root] });
    return { dir: path.dirname(manifest), version: require(manifest).version };
  } catch {
    return undefined;
  }
}

/**
 * Puts a module in the require cache whose exports come from `build(load)`; `load()` requires the
 * real file (once) and returns its exports. A later `require` of the file after the first use
 * gets the real module.
 */
function defer(file, build) {
  if (Module._cache[file] !== undefined) return;
  let real;
  const standIn = new Module(file, null);
  const load = () => {
    if (real === undefined) {
      if (Module._cache[file] === standIn) delete Module._cache[file];
      real = { exports: require(file) };
    }
    return real.exports;
  };
  standIn.filename = file;
  standIn.paths = Module._nodeModulePaths(path.dirname(file));
  standIn.loaded = true;
  standIn.exports = build(load);
  Module._cache[file] = standIn;
}

/**
 * An object that forwards every operation to `load()`'s result, except that reading the
 * properties in `known` answers without loading. Non-configurable properties of the real object
 * are copied onto the target when asked for, as a Proxy must.
 */
function forwarding(load, known = {}) {
  const target = {};
  return new Proxy(target, {
    get: (_, key) =>
      Object.prototype.hasOwnProperty.call(known, key) ? known[key] : Reflect.get(load(), key),
    has: (_, key) => Reflect.has(load(), key),
    set: (_, key, value) => Reflect.set(load(), key, value),
    ownKeys: () => {
      const keys = Reflect.ownKeys(load());
      for (const key of Reflect.ownKeys(target)) if (!keys.includes(key)) keys.push(key);
      return keys;
    },
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
      if (descriptor !== undefined && !descriptor.configurable)
        Reflect.defineProperty(target, key, descriptor);
      return descriptor;
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(load(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(load(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(load()),
  });
}

/** `debuggablePromise` without its stack trace: the real one, run with `Error.stackTraceLimit` 0. */
function withoutStackTrace(real) {
  return function debuggablePromise(p, ctx) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return real(p, ctx);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

/**
 * Once `runtime/debuggable.js` has loaded, replaces its exported `debuggablePromise` with one that
 * captures no stack trace; once `resource.js` has loaded, replaces `Resource.stackTrace` with one
 * that returns no frames (a `Module._load` wrapper that removes itself when both are done).
 * @returns whether it will
 */
function skipStacks(debuggableFile, resourceFile) {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return false;
  // A stack-trace hook is already there (source-map-support, loaded first as the Pulumi CLI's
  // nodejs host loads it: the benchmark's "floor + source-map-support"): its cost per trace is what
  // that run measures, so the traces stay. Node 20.x exposes its own formatter under this name.
  const hook = Error.prepareStackTrace;
  if (hook !== undefined && hook.name !== "ErrorPrepareStackTrace") return false;
  const patches = new Map([
    [
      debuggableFile,
      (exports) => {
        const real = exports.debuggablePromise;
        if (typeof real === "function") exports.debuggablePromise = withoutStackTrace(real);
      },
    ],
    [
      resourceFile,
      (exports) => {
        const resource = exports.Resource;
        if (typeof resource === "function" && typeof resource.stackTrace === "function")
          resource.stackTrace = function stackTrace() {
            return [];
          };
      },
    ],
  ]);
  const load = Module._load;
  const watching = function (...args) {
    const exports = load.apply(this, args);
    for (const [file, patch] of patches) {
      const loaded = Module._cache[file];
      if (loaded !== undefined && loaded.loaded) {
        patches.delete(file);
        patch(loaded.exports);
      }
    }
    // Removed unless someone wrapped Module._load after this (then it only passes through).
    if (patches.size === 0 && Module._load === watching) Module._load = load;
    return exports;
  };
  Module._load = watching;
  return true;
}

/** Installs the stand-ins if the installed SDK is the version they follow. @returns whether it did */
function install(root) {
  if (process.env.ARGO_SSO_LAZY_SDK === "0") return false;
  const sdk = sdkDirectory(root);
  if (sdk === undefined || sdk.version !== SDK_VERSION) return false;
  const file = (relative) => path.join(sdk.dir, ...relative.split("/"));
  defer(file(LAZY.automation), (load) => forwarding(load, { __esModule: true }));
  defer(file(LAZY.typescript), (load) => forwarding(load));
  defer(file(LAZY.codePaths), (load) => {
    const exports = {};
    Object.defineProperty(exports, "__esModule", { value: true });
    for (const name of CODE_PATHS_EXPORTS) {
      // A named function that calls the real one: runtime/index.js copies it at load.
      exports[name] = {
        [name](...args) {
          return load()[name].apply(this, args);
        },
      }[name];
    }
    return exports;
  });
  skipStacks(file(DEBUGGABLE), file(RESOURCE));
  return true;
}

module.exports = { install, LAZY, CODE_PATHS_EXPORTS, SDK_VERSION };
