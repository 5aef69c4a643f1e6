/**
 * One start-up measurement: node start → first resource registered (and → all registered) for
 * the real program over a stack file, run the way `pulumi up` runs a TypeScript program.
 *
 * `scripts/bench.ts` compiles this file (with the mock runtime) to plain JavaScript in a temp
 * directory and starts it as `node bench-startup.js <request JSON>`, so that no TypeScript
 * loader is active unless the mode installs one:
 *
 * - `typecheck`: ts-node registered as Pulumi's language host does with `tsconfig.json`
 *   (type-checks every file it loads);
 * - `nocheck`: the same with `tsconfig.pulumi.json`, whose `noCheck` makes Pulumi pass
 *   `transpileOnly` (what `Pulumi.yaml` selects);
 * - `precompiled`: `index.js` emitted by `tsc` beforehand, no ts-node at all.
 *
 * Like Pulumi's `cmd/run`, every mode first installs `source-map-support`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runProgram } from "./mock-runtime";
import { readStackFile } from "./stack-file";
import { finishChild, timingFirstRegistration } from "./bench-child";

/** How the program's TypeScript is run. */
export type StartupMode = "typecheck" | "nocheck" | "precompiled";
export const STARTUP_MODES: readonly StartupMode[] = ["typecheck", "nocheck", "precompiled"];

export interface StartupRequest {
  readonly mode: StartupMode;
  /** The repository root (stack files, tsconfig files, index.ts). */
  readonly root: string;
  /** The stack whose `Pulumi.<stack>.yaml` is read. */
  readonly stack: string;
  /** A JSON file of runtime config to use instead of the stack file (a synthetic organisation). */
  readonly configFile?: string;
  /** `index.js` emitted by `tsc`, for `precompiled`. */
  readonly compiledProgram?: string;
}

export interface StartupMeasurement {
  readonly mode: StartupMode;
  readonly resources: number;
  /** ms since the process started. */
  readonly firstRegisterMs: number;
  readonly doneMs: number;
  /** User + system CPU of the process at the end, ms. */
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

/** The tsconfig file Pulumi would be pointed at (`runtime.options.tsconfig`) in each ts-node mode. */
export const TSCONFIG: Readonly<Record<Exclude<StartupMode, "precompiled">, string>> = {
  typecheck: "tsconfig.json",
  nocheck: "tsconfig.pulumi.json",
};

/** Registers ts-node with the options `@pulumi/pulumi/cmd/run` computes for a CommonJS project. */
function registerTsNode(tsconfig: string): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const tsutils = require("@pulumi/pulumi/tsutils") as {
    loadTypeScriptCompilerOptions(file: string): Record<string, unknown>;
  };
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsconfig);
  require("ts-node").register({
    compiler: "typescript",
    transpileOnly: compilerOptions.noCheck,
    project: tsconfig,
    skipProject: false,
    compilerOptions: {
      target: "ES2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
}

/** Runs one start-up measurement in this process. */
export async function measureStartup(request: StartupRequest): Promise<StartupMeasurement> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("source-map-support/register");
  process.chdir(request.root);
  let entry: string;
  if (request.mode === "precompiled") {
    if (request.compiledProgram === undefined) throw new Error("precompiled needs compiledProgram");
    entry = request.compiledProgram;
  } else {
    registerTsNode(TSCONFIG[request.mode]);
    entry = path.join(request.root, "index.ts");
  }
  const file =
    request.configFile === undefined
      ? readStackFile(request.stack, request.root)
      : {
          config: JSON.parse(fs.readFileSync(request.configFile, "utf8")) as Record<string, string>,
          secretKeys: [],
        };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const timed = timingFirstRegistration(() => require(entry));
  const run = await runProgram({
    stack: request.stack,
    config: file.config,
    secretKeys: file.secretKeys,
    program: timed.program,
  });
  return {
    mode: request.mode,
    resources: run.resources.length,
    firstRegisterMs: timed.first(),
    doneMs: performance.now(),
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    maxRssKiB: process.resourceUsage().maxRSS,
  };
}

if (require.main === module) {
  const request = JSON.parse(process.argv[2] as string) as StartupRequest;
  finishChild(measureStartup(request), `start-up (${request.mode})`);
}
