/**
 * scripts/lib/lazy-sdk.js: three parts of @pulumi/pulumi load on first use in the render, the
 * tests and the benchmark. Checked in child processes (this mocha process already has the
 * stand-ins): what is not loaded, that each stand-in gives the real module's answers on use, and
 * that the stand-ins follow the installed SDK's exports.
 */
import { expect } from "chai";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs `script` in plain node from the repository root; returns what it printed as JSON. */
function child(script: string, env: Record<string, string> = {}): Record<string, unknown> {
  const run = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  expect(run.status, run.stderr).to.equal(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

const PROBE = `
  const path = require("node:path");
  const installed = require("./scripts/lib/lazy-sdk.js").install(process.cwd());
  const loaded = (re) => Object.keys(require.cache).filter((f) => re.test(f)).length;
  const pulumi = require("@pulumi/pulumi");
  const before = {
    typescript: loaded(/node_modules[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/),
    arborist: loaded(/node_modules[\\\\/]@npmcli[\\\\/]arborist[\\\\/]/),
    automation: loaded(/@pulumi[\\\\/]pulumi[\\\\/]automation[\\\\/]stack\\.js$/),
  };
  // Each stand-in used: the real module answers.
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const workspace = pulumi.automation.LocalWorkspace;
  const shim = require(path.join(sdk, "typescript-shim.js"));
  const serialized = pulumi.runtime.serializeFunction(() => 40 + 2, { isFactoryFunction: false });
  const codePathsModule = require(path.join(sdk, "runtime", "closure", "codePaths.js"));
  Promise.all([serialized, codePathsModule.findWorkspaceRoot(process.cwd())]).then(([fn, workspaceRoot]) => {
    const after = {
      typescript: loaded(/node_modules[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/),
      automation: loaded(/@pulumi[\\\\/]pulumi[\\\\/]automation[\\\\/]stack\\.js$/),
    };
    const realAutomation = require(path.join(sdk, "automation", "stack.js"));
    const { CODE_PATHS_EXPORTS } = require("./scripts/lib/lazy-sdk.js");
    const realCodePaths = require(path.join(sdk, "runtime", "closure", "codePaths.js"));
    const standIn = realCodePaths === codePathsModule;
    process.stdout.write(JSON.stringify({
      installed,
      before,
      after,
      workspaceIsClass: typeof workspace === "function" && workspace.name === "LocalWorkspace",
      stackIsReal: typeof realAutomation.Stack === "function" && pulumi.automation.Stack === realAutomation.Stack,
      syntaxKindIdentifier: shim.SyntaxKind.Identifier,
      realSyntaxKindIdentifier: require("typescript").SyntaxKind.Identifier,
      serializedText: fn.text.includes("40 + 2"),
      workspaceRoot,
      arboristAfter: loaded(/node_modules[\\/]@npmcli[\\/]arborist[\\/]/) > 0,
      standIn,
      codePathsExports: Object.keys(realCodePaths).filter((k) => k !== "__esModule").sort(),
      standInExports: [...CODE_PATHS_EXPORTS].sort(),
      codePathsFunctions: Object.keys(realCodePaths).filter((k) => k !== "__esModule").every((k) => typeof realCodePaths[k] === "function"),
    }));
  });
`;

describe("scripts/lib/lazy-sdk.js (issue 11: render start-up)", function () {
  this.timeout(60000);
  let probe: Record<string, unknown>;
  before(() => {
    probe = child(PROBE);
  });

  it("installs for the pinned @pulumi/pulumi and leaves TypeScript, arborist and the Automation API unloaded", () => {
    expect(probe.installed).to.equal(true);
    expect(probe.before).to.deep.equal({ typescript: 0, arborist: 0, automation: 0 });
  });

  it("loads each real module on first use: the Automation API, TypeScript, closure serialization, runtime/closure/codePaths", () => {
    expect(probe.after).to.deep.equal({ typescript: 1, automation: 1 });
    expect(probe.workspaceIsClass).to.equal(true);
    expect(probe.stackIsReal).to.equal(true);
    expect(probe.syntaxKindIdentifier).to.equal(probe.realSyntaxKindIdentifier);
    expect(probe.serializedText).to.equal(true);
    // findWorkspaceRoot through the stand-in: the real function ran (no npm workspace here) and
    // loaded arborist; a later require gets the real module.
    expect(probe.workspaceRoot).to.equal(null);
    expect(probe.arboristAfter).to.equal(true);
    expect(probe.standIn).to.equal(false);
  });

  it("forwards every function runtime/closure/codePaths.js exports", () => {
    expect(probe.codePathsFunctions).to.equal(true);
    expect(probe.standInExports).to.deep.equal(probe.codePathsExports);
  });

  it("does nothing with ARGO_SSO_LAZY_SDK=0", () => {
    const off = child(
      `const installed = require("./scripts/lib/lazy-sdk.js").install(process.cwd());
       process.stdout.write(JSON.stringify({ installed, cached: Object.keys(require.cache).filter((f) => /@pulumi/.test(f)),
         hook: Error.prepareStackTrace === undefined ? null : Error.prepareStackTrace.name }));`,
      { ARGO_SSO_LAZY_SDK: "0" },
    );
    expect(off.installed).to.equal(false);
    expect(off.cached).to.deep.equal([]);
    expect(off.hook).to.be.oneOf([null, "ErrorPrepareStackTrace"]);
  });
});

/**
 * A child that installs lazy-sdk.js, loads the SDK, then reports what `debuggablePromise` stored
 * as a promise's stack trace, `Error.stackTraceLimit` before and after, whether the SDK's callers
 * see the replacement (they call it through the module's exports object), and an ordinary stack.
 */
const STACKS = `
  const installed = require("./scripts/lib/lazy-sdk.js").install(process.cwd());
  const pulumi = require("@pulumi/pulumi");
  const debuggable = require("@pulumi/pulumi/runtime/debuggable");
  const limitBefore = Error.stackTraceLimit;
  const p = Promise.resolve(1);
  const chained = debuggable.debuggablePromise(p, "a test promise");
  function make() { return new Error("boom"); }
  chained.then((value) => {
    process.stdout.write(JSON.stringify({
      installed,
      name: debuggable.debuggablePromise.name,
      promiseStack: p._debugStackTrace,
      context: p._debugCtx,
      value,
      limitBefore,
      limitAfter: Error.stackTraceLimit,
      ordinary: make().stack.split("\\n").slice(0, 2).join("\\n"),
      sdkLoaded: typeof pulumi.runtime.setMocks === "function",
      resourceFrames: pulumi.Resource.stackTrace(0).length,
      callsites: pulumi.Resource.callsites().length,
    }));
  });
`;

describe("scripts/lib/lazy-sdk.js: no stack trace per SDK promise or resource", function () {
  this.timeout(60000);
  let out: Record<string, unknown>;
  before(() => {
    out = child(STACKS, { PULUMI_DEBUG_PROMISE_LEAKS: "" });
  });

  it("captures no stack for debuggablePromise, which only the leak report prints", () => {
    expect(out.installed).to.equal(true);
    expect(out.sdkLoaded).to.equal(true);
    expect(out.name).to.equal("debuggablePromise");
    expect(out.promiseStack).to.equal("Error");
    // Everything else is the real function's: context kept, the chain resolves with the value.
    expect(out.context).to.equal("a test promise");
    expect(out.value).to.equal(1);
  });

  it("gives Resource.stackTrace no frames (the source position only an engine reads), and leaves callsites alone", () => {
    expect(out.resourceFrames).to.equal(0);
    expect(out.callsites).to.be.greaterThan(0);
  });

  it("restores Error.stackTraceLimit, and every other stack is captured as before", () => {
    expect(out.limitBefore).to.equal(10);
    expect(out.limitAfter).to.equal(10);
    expect(out.ordinary).to.match(/^Error: boom\n {4}at make \(\[eval\]:\d+:\d+\)$/);
  });

  it("keeps the trace when source-map-support (any stack-trace hook) was installed first, as under the CLI", () => {
    // source-map-support as @pulumi/pulumi resolves it, registered first as the CLI's nodejs host does.
    const register = `require(require("node:module").createRequire(require.resolve("@pulumi/pulumi/package.json")).resolve("source-map-support/register"));`;
    const mapped = child(`${register}\n${STACKS}`, { PULUMI_DEBUG_PROMISE_LEAKS: "" });
    // (source-map-support prints the empty message as "Error: ".)
    expect(mapped.promiseStack).to.match(/^Error(: )?\n {4}at (Object\.)?debuggablePromise \(/);
    expect(mapped.resourceFrames).to.be.greaterThan(0);
  });

  it("keeps the trace when PULUMI_DEBUG_PROMISE_LEAKS asks for the leak report's stacks", () => {
    const debug = child(STACKS, { PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    expect(debug.resourceFrames).to.be.greaterThan(0);
    expect(debug.promiseStack).to.match(
      /^Error\n {4}at (Object\.)?debuggablePromise \(.*[\\/]runtime[\\/]debuggable\.js:\d+:\d+\)/,
    );
  });
});
