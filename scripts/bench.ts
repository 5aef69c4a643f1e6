/**
 * The scale and speed benchmark (issue 5). It asserts nothing: it measures and prints markdown.
 *
 *   npm run bench                                  # every section, sizes 50,200,600, 5 runs
 *   npm run bench -- --sizes 50,200,600 --runs 5 --sections scale,startup,tooling
 *   npm run bench -- --quick                       # sizes 50,200, one run, no tooling
 *   npm run bench -- --print-stack 600             # the synthetic stack file, then exit
 *
 * Sections:
 * - `scale`: synthetic organisations of N accounts × 10 groups (scripts/lib/synthetic-org.ts),
 *   each rendered by the real program under the mock runtime, and the same resources registered
 *   by a bare program on the same mock engine (the SDK's floor, scripts/lib/bench-floor.ts).
 *   Every measurement runs in a fresh child process (scripts/lib/bench-child.ts); render and
 *   floor alternate so that background load hits both alike; medians are reported.
 * - `startup`: node start → first resource registered for the dev stack, with ts-node
 *   type-checking, ts-node `noCheck` (what Pulumi.yaml selects) and precompiled JavaScript
 *   (scripts/lib/bench-startup.ts), the cost of the precompile itself, and the whole run
 *   (node start → every resource registered) of the largest synthetic organisation with
 *   ts-node `noCheck` and precompiled (`--startup-accounts`, 0 to skip).
 * - `tooling`: wall time of `npm run typecheck` and `npm test`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { MeasureRequest, Measurement } from "./lib/bench-child";
import type { FloorKind } from "./lib/bench-floor";
import { emitPlainJs } from "./lib/bench-emit";
import {
  commandTable,
  machineLine,
  median,
  scaleTable,
  startupTable,
  summarize,
  targetLines,
  childrenCpuMs,
  type CommandTiming,
  type ScaleRow,
  type StartupRow,
} from "./lib/bench-report";
import {
  STARTUP_MODES,
  TSCONFIG,
  type StartupMeasurement,
  type StartupMode,
  type StartupRequest,
} from "./lib/bench-startup";
import { syntheticOrgSize, syntheticRuntimeConfig, syntheticStackFile } from "./lib/synthetic-org";

const ROOT = path.resolve(__dirname, "..");
/** The render's and the tests' TypeScript loader. */
const REGISTER = path.join(ROOT, "scripts", "lib", "ts-register.js");
const LAZY_SDK = path.join(ROOT, "scripts", "lib", "lazy-sdk.js");
const SECTIONS = ["scale", "groups", "startup", "tooling"] as const;
type Section = (typeof SECTIONS)[number];

/** Command-line options. */
export interface BenchOptions {
  /** Account counts. @default [50, 200, 600] */
  readonly sizes: readonly number[];
  /** Groups per organisation. @default 10 */
  readonly groups: number;
  /** Runs per measurement; the median is reported. @default 5 */
  readonly runs: number;
  /**
   * Runs of the floor with source-map-support (by far the slowest cell: 5–7× the floor); 0 leaves
   * its columns empty. @default runs
   */
  readonly smsRuns: number;
  /** @default every section */
  readonly sections: readonly Section[];
  /** @default "classes" */
  readonly floor: FloorKind;
  /** The stack the start-up section runs. @default "dev" */
  readonly stack: string;
  /**
   * Accounts of the synthetic organisation whose full run (node start → all registered) the
   * start-up section also measures per TypeScript mode; 0 skips it. @default the largest size
   */
  readonly startupAccounts: number;
  /** Print this organisation's stack file and exit. */
  readonly printStack?: number;
}

const USAGE =
  "usage: npm run bench -- [--sizes 50,200,600] [--groups 10] [--runs 5] [--sms-runs <n>|0] [--sections scale,startup,tooling]\n" +
  "                        [--floor classes|bare] [--stack dev] [--startup-accounts <n>|0] [--quick]\n" +
  "                        [--print-stack <accounts>]";

/** Parses the command line (`--key value` or `--key=value`). */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--quick") {
      values.set("sizes", values.get("sizes") ?? "50,200");
      values.set("runs", values.get("runs") ?? "1");
      values.set("sections", values.get("sections") ?? "scale,startup");
      continue;
    }
    const match =
      /^--(sizes|groups|runs|sms-runs|sections|floor|stack|startup-accounts|print-stack)(?:=(.*))?$/.exec(
        arg,
      );
    if (!match) throw new Error(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === "") throw new Error(`--${match[1]} needs a value\n${USAGE}`);
    values.set(match[1] as string, value);
  }
  const count = (key: string, fallback: number): number => {
    const text = values.get(key);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} must be a whole number ≥ 1, got ${text}`);
    return n;
  };
  const sizes = (values.get("sizes") ?? "50,200,600").split(",").map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--sizes must list whole numbers ≥ 1`);
  const sections = (values.get("sections") ?? SECTIONS.join(",")).split(",").map((s) => s.trim());
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown section ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  const floor = values.get("floor") ?? "classes";
  if (floor !== "classes" && floor !== "bare")
    throw new Error(`--floor must be classes or bare, got ${floor}`);
  const printStack = values.has("print-stack") ? count("print-stack", 1) : undefined;
  const startupAccounts =
    values.get("startup-accounts") === "0" ? 0 : count("startup-accounts", sizes[sizes.length - 1] ?? 1);
  const runs = count("runs", 5);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    groups: count("groups", 10),
    runs,
    smsRuns: values.get("sms-runs") === "0" ? 0 : count("sms-runs", runs),
    sections: sections as Section[],
    floor,
    stack: values.get("stack") ?? "dev",
    startupAccounts,
    ...(printStack === undefined ? {} : { printStack }),
  };
}

const log = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Runs `node <args>` in the repository and parses its one JSON line. V8's compile cache (which
 * ts-register.js turns on from Node 22) is off, so that every mode starts on equal terms.
 */
function nodeJson<T>(args: readonly string[], what: string): T {
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" },
  });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.stderr}`);
  const line = result.stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(line) as T;
}

/** How a measurement child is started. */
type Runner = "render" | "floor" | "floor-sms";

/** `source-map-support/register` as `@pulumi/pulumi` resolves it: what the CLI's nodejs host loads. */
const SOURCE_MAP_SUPPORT = createRequire(require.resolve("@pulumi/pulumi/package.json")).resolve(
  "source-map-support/register",
);

/**
 * Starts one measurement child. `render`: the way `npm run render` runs (scripts/lib/ts-register.js,
 * the TypeScript sources). `floor`: plain node on the floor harness emitted as JavaScript
 * (`floorJs`). `floor-sms`: the same with `source-map-support/register` loaded first, as the CLI does.
 */
function child(
  request: MeasureRequest,
  dir: string,
  label: string,
  runner: Runner = "render",
  floorJs = "",
): Measurement {
  const file = path.join(dir, `request-${label}.json`);
  fs.writeFileSync(file, JSON.stringify(request));
  // The floor loads the SDK as the render does: the parts a mock run never uses on first use
  // (scripts/lib/lazy-sdk.js, which ts-register.js installs for the render).
  const lazy = path.join(dir, "lazy-sdk-preload.js");
  if (runner !== "render" && !fs.existsSync(lazy)) {
    fs.writeFileSync(lazy, `require(${JSON.stringify(LAZY_SDK)}).install(${JSON.stringify(ROOT)});\n`);
  }
  const args =
    runner === "render"
      ? ["--require", REGISTER, path.join("scripts", "lib", "bench-child.ts"), file]
      : runner === "floor"
        ? ["--require", lazy, floorJs, file]
        : ["--require", SOURCE_MAP_SUPPORT, "--require", lazy, floorJs, file];
  return nodeJson<Measurement>(args, `${runner} run (${label})`);
}

function runScale(options: BenchOptions, dir: string): ScaleRow[] {
  log("scale: emitting the floor harness as plain JavaScript");
  const floorJs = emitPlainJs(path.join("scripts", "lib", "bench-child.ts"), path.join(dir, "floor-js"));
  const prepared = options.sizes.map((accounts) => {
    const org = { accounts, groups: options.groups };
    const config = syntheticRuntimeConfig(org);
    const shapeFile = path.join(dir, `shape-${accounts}.json`);
    log(`scale: ${accounts} accounts: warm-up render (records the floor's shape)`);
    child({ mode: "render", config, writeShape: shapeFile }, dir, `warmup-${accounts}`, "render");
    return {
      accounts,
      org,
      config,
      shapeFile,
      render: [] as Measurement[],
      floor: [] as Measurement[],
      floorSms: [] as Measurement[],
    };
  });
  for (let run = 0; run < options.runs; run++) {
    for (const size of prepared) {
      log(`scale: run ${run + 1}/${options.runs}, ${size.accounts} accounts`);
      const floorRequest: MeasureRequest = { mode: "floor", shapeFile: size.shapeFile, kind: options.floor };
      const steps = [
        () =>
          size.render.push(
            child({ mode: "render", config: size.config }, dir, `render-${size.accounts}`, "render"),
          ),
        () => size.floor.push(child(floorRequest, dir, `floor-${size.accounts}`, "floor", floorJs)),
        ...(run < options.smsRuns
          ? [
              () =>
                size.floorSms.push(
                  child(floorRequest, dir, `floor-sms-${size.accounts}`, "floor-sms", floorJs),
                ),
            ]
          : []),
      ];
      // Rotate which goes first, so that drifting background load does not favour any of them.
      for (let i = 0; i < steps.length; i++) steps[(i + run) % steps.length]?.();
    }
  }
  return prepared.map((size) => ({
    accounts: size.accounts,
    assignments: syntheticOrgSize(size.org).assignments,
    render: summarize(size.render),
    floor: summarize(size.floor),
    ...(size.floorSms.length > 0 ? { floorSms: summarize(size.floorSms) } : {}),
  }));
}

/** Times one command; returns its wall time and exit status. */
function timeCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): CommandTiming {
  const cpuBefore = childrenCpuMs();
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "ignore", env });
  const wallMs = performance.now() - start;
  const cpuAfter = childrenCpuMs();
  return {
    command: [command, ...args].join(" "),
    wallMs,
    ...(cpuBefore === undefined || cpuAfter === undefined ? {} : { cpuMs: cpuAfter - cpuBefore }),
    status: result.status,
  };
}

const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");

function runStartup(options: BenchOptions, dir: string): { rows: StartupRow[]; compile: CommandTiming[] } {
  const programDir = path.join(dir, "program");
  const harnessDir = path.join(dir, "harness");
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  log("startup: precompiling the program (tsc, noCheck) and the harness");
  const compileProgram = timeCommand(process.execPath, [
    TSC,
    "-p",
    "tsconfig.pulumi.json",
    "--noEmit",
    "false",
    "--outDir",
    programDir,
    "--rootDir",
    ".",
  ]);
  const compileHarness = timeCommand(process.execPath, [
    TSC,
    "--noCheck",
    "--skipLibCheck",
    "--esModuleInterop",
    "--resolveJsonModule",
    "--target",
    "ES2022",
    "--module",
    "commonjs",
    "--moduleResolution",
    "node",
    "--rootDir",
    ".",
    "--outDir",
    harnessDir,
    path.join("scripts", "lib", "bench-startup.ts"),
  ]);
  for (const step of [compileProgram, compileHarness]) {
    if (step.status !== 0) throw new Error(`startup: ${step.command} failed (exit ${step.status})`);
  }
  const driver = path.join(harnessDir, "scripts", "lib", "bench-startup.js");
  const compiledProgram = path.join(programDir, "index.js");
  const cases: { label: string; mode: StartupMode; configFile?: string }[] = STARTUP_MODES.map((mode) => ({
    label: `${options.stack} stack`,
    mode,
  }));
  if (options.startupAccounts > 0) {
    const org = { accounts: options.startupAccounts, groups: options.groups };
    const configFile = path.join(dir, `startup-config-${options.startupAccounts}.json`);
    fs.writeFileSync(configFile, JSON.stringify(syntheticRuntimeConfig(org)));
    const label = `${syntheticOrgSize(org).assignments} assignments`;
    for (const mode of ["nocheck", "precompiled"] as const) cases.push({ label, mode, configFile });
  }
  const samples = cases.map(() => [] as StartupMeasurement[]);
  for (let run = 0; run < options.runs; run++) {
    cases.forEach((c, i) => {
      log(`startup: run ${run + 1}/${options.runs}, ${c.label}, ${c.mode}`);
      const request: StartupRequest = {
        mode: c.mode,
        root: ROOT,
        stack: options.stack,
        compiledProgram,
        ...(c.configFile === undefined ? {} : { configFile: c.configFile }),
      };
      samples[i]?.push(nodeJson<StartupMeasurement>([driver, JSON.stringify(request)], `start-up ${c.mode}`));
    });
  }
  const notes: Record<StartupMode, string> = {
    typecheck: `ts-node, ${TSCONFIG.typecheck} (type-checks every loaded file)`,
    nocheck: `ts-node, ${TSCONFIG.nocheck} (noCheck → transpileOnly): Pulumi.yaml's choice`,
    precompiled: `node on \`tsc\` output (compiled beforehand in ${(compileProgram.wallMs / 1000).toFixed(1)} s)`,
  };
  const rows = cases.map((c, i) => {
    const list = samples[i] ?? [];
    return {
      mode: `${c.label}: ${c.mode}`,
      firstRegisterMs: median(list.map((s) => s.firstRegisterMs)),
      doneMs: median(list.map((s) => s.doneMs)),
      cpuMs: median(list.map((s) => s.cpuMs)),
      maxRssMiB: median(list.map((s) => s.maxRssKiB / 1024)),
      runs: list.length,
      note: `${notes[c.mode]}; ${list[0]?.resources ?? 0} resources`,
    };
  });
  return {
    rows,
    compile: [{ ...compileProgram, command: "tsc -p tsconfig.pulumi.json --noEmit false --outDir <dir>" }],
  };
}

/** Group counts of the `groups` section: every group has an Argo CD and an Argo Workflows role. */
export const MANY_GROUPS = [250, 1000] as const;

/**
 * Many groups, few accounts: each group gets a Workflows ServiceAccount, token Secret and
 * binding, and a policy.csv line. Each of those must depend on its own group only (issue 14),
 * so time and memory grow linearly with the group count.
 */
function runGroups(options: BenchOptions, dir: string): string[] {
  const lines = ["| groups | resources | render (median) | CPU | peak RSS |", "|---:|---:|---:|---:|---:|"];
  for (const groups of MANY_GROUPS) {
    const config = syntheticRuntimeConfig({ accounts: 2, groups, permissionSets: 1 });
    const runs: Measurement[] = [];
    for (let run = 0; run < options.runs; run++) {
      log(`groups: run ${run + 1}/${options.runs}, ${groups} groups`);
      runs.push(child({ mode: "render", config }, dir, `groups-${groups}`));
    }
    const median = (f: (m: Measurement) => number) => {
      const sorted = runs.map(f).sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)];
    };
    lines.push(
      `| ${groups} | ${runs[0].resources} | ${(median((m) => m.doneMs) / 1000).toFixed(1)} s | ${(median((m) => m.cpuMs) / 1000).toFixed(1)} s | ${Math.round(median((m) => m.maxRssKiB) / 1024)} MiB |`,
    );
  }
  return lines;
}

function runTooling(options: BenchOptions, dir: string): CommandTiming[] {
  const render = ["run", "--silent", "render", "--", "--stack", options.stack];
  log(`tooling: npm run render -- --stack ${options.stack}, empty compile cache`);
  const cold = timeCommand("npm", render, { ...process.env, ARGO_SSO_TS_CACHE: path.join(dir, "ts-cache") });
  const warm: CommandTiming[] = [];
  for (let run = 0; run < options.runs; run++) {
    log(`tooling: npm run render -- --stack ${options.stack}, run ${run + 1}/${options.runs}`);
    warm.push(timeCommand("npm", render));
  }
  log("tooling: npm run typecheck");
  const typecheck = timeCommand("npm", ["run", "--silent", "typecheck"]);
  log("tooling: npm test");
  const test = timeCommand("npm", ["test", "--silent"]);
  const renderCommand = `npm run render -- --stack ${options.stack}`;
  return [
    { ...cold, command: `${renderCommand} (empty compile cache, once)` },
    {
      command: `${renderCommand} (median of ${warm.length})`,
      wallMs: median(warm.map((w) => w.wallMs)),
      cpuMs: median(warm.map((w) => w.cpuMs ?? Number.NaN)),
      status: warm.every((w) => w.status === 0) ? 0 : 1,
    },
    typecheck,
    test,
  ];
}

function main(): number {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  if (options.printStack !== undefined) {
    process.stdout.write(syntheticStackFile({ accounts: options.printStack, groups: options.groups }));
    return 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-bench-"));
  const out: string[] = [`# argo-sso benchmark`, "", `Machine: ${machineLine()}`, ""];
  try {
    if (options.sections.includes("scale")) {
      const rows = runScale(options, dir);
      out.push(
        `## Render vs SDK floor (${options.groups} groups, median of ${options.runs} runs, floor: ${options.floor}${options.smsRuns === options.runs ? "" : `; floor + source-map-support: ${options.smsRuns === 0 ? "not run" : `median of ${options.smsRuns}`}`})`,
        "",
        scaleTable(rows),
        "",
        ...targetLines(rows),
        "",
      );
    }
    if (options.sections.includes("groups")) {
      out.push(
        `## Many groups (2 accounts, median of ${options.runs} runs)`,
        "",
        ...runGroups(options, dir),
        "",
      );
    }
    if (options.sections.includes("startup")) {
      const { rows, compile } = runStartup(options, dir);
      out.push(
        `## Start-up: node start → first resource registered, and whole runs (median of ${options.runs} runs)`,
        "",
        startupTable(rows),
        "",
        commandTable(compile),
        "",
      );
    }
    if (options.sections.includes("tooling")) {
      out.push("## Tooling", "", commandTable(runTooling(options, dir)), "");
    }
    out.push(`Finished: ${machineLine()}`, "");
    process.stdout.write(out.join("\n"));
    return 0;
  } catch (err) {
    log(`bench: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) process.exit(main());
