/**
 * One benchmark measurement, in a process of its own so that peak RSS is this run's alone.
 * Started by `scripts/bench.ts` as
 *
 *   node --require ./scripts/lib/ts-register.js scripts/lib/bench-child.ts <request JSON file>   (render)
 *   node <emitted>/scripts/lib/bench-child.js <request JSON file>                          (floor, plain node)
 *
 * and prints one JSON {@link Measurement} line on stdout. `render` runs the real program
 * (index.ts) over a runtime config, exactly as `npm run render` does; `floor` registers a
 * recorded shape with the bare program of bench-floor.ts on the same mock engine.
 */
import * as fs from "node:fs";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { floorProgram, shapeOf, type FloorKind, type ShapeEntry } from "./bench-floor";
import { runProgram } from "./mock-runtime";

/** What the parent asks for. */
export type MeasureRequest =
  | {
      readonly mode: "render";
      /** Runtime config for the program. */
      readonly config: Readonly<Record<string, string>>;
      /** Write the render's shape here (for the floor runs of the same size). */
      readonly writeShape?: string;
      /** The program module. @default the repository's index.ts */
      readonly program?: string;
    }
  | {
      readonly mode: "floor";
      readonly shapeFile: string;
      /** @default "classes" (see bench-floor.ts) */
      readonly kind?: FloorKind;
    };

/** What one run measured. Times are milliseconds since the process started. */
export interface Measurement {
  readonly mode: "render" | "floor";
  readonly resources: number;
  /** The program (or floor) starts: node, the TypeScript loader (render only) and the mock runtime are loaded. */
  readonly startMs: number;
  /** The first resource registration reached the engine. */
  readonly firstRegisterMs: number;
  /** Every registration is done: the end of the run. */
  readonly doneMs: number;
  /** User + system CPU time of the process so far, ms (less disturbed by other load than wall time). */
  readonly cpuMs: number;
  /** Peak resident set size of the process, KiB (`process.resourceUsage().maxRSS`). */
  readonly maxRssKiB: number;
}

/** Wraps `program` so that the time of the engine's first `registerResource` call is recorded. */
export function timingFirstRegistration(program: () => unknown): {
  program: () => unknown;
  first: () => number;
} {
  let first = Number.NaN;
  return {
    first: () => first,
    program: () => {
      const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResource: (...args: unknown[]) => unknown;
      };
      const register = monitor.registerResource.bind(monitor);
      monitor.registerResource = (...args: unknown[]) => {
        if (Number.isNaN(first)) first = performance.now();
        return register(...args);
      };
      return program();
    },
  };
}

/** Runs one request in this process and returns its measurement. */
export async function measure(request: MeasureRequest): Promise<Measurement> {
  let program: () => unknown;
  if (request.mode === "render") {
    const file = require.resolve(request.program ?? "../../index");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    program = () => require(file);
  } else {
    const shape = JSON.parse(fs.readFileSync(request.shapeFile, "utf8")) as ShapeEntry[];
    program = floorProgram(shape, request.kind);
  }
  const timed = timingFirstRegistration(program);
  const startMs = performance.now();
  const run = await runProgram({
    stack: "bench",
    config: request.mode === "render" ? request.config : {},
    program: timed.program,
  });
  const doneMs = performance.now();
  const cpu = process.cpuUsage();
  if (request.mode === "render" && request.writeShape !== undefined) {
    fs.writeFileSync(request.writeShape, JSON.stringify(shapeOf(run)));
  }
  return {
    mode: request.mode,
    resources: run.resources.length,
    startMs,
    firstRegisterMs: timed.first(),
    doneMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKiB: process.resourceUsage().maxRSS,
  };
}

/**
 * The end of a measurement child: prints `work`'s result as one JSON line and exits 0, or prints
 * why `what` failed on stderr and exits 1.
 */
export function finishChild(work: Promise<unknown>, what: string): void {
  work.then(
    (result) => {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${what} failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

if (require.main === module) {
  const request = JSON.parse(fs.readFileSync(process.argv[2] as string, "utf8")) as MeasureRequest;
  finishChild(measure(request), `${request.mode} run`);
}
