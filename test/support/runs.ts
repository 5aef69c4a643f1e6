/**
 * Whole-program runs remembered for the life of the process (issue 11: `npm test`'s time).
 *
 * A run of the program under the mocks is deterministic: the same stack, config, secret keys and
 * mock options give the same resources, inputs, outputs and warnings (`test/scripts/render.test.ts`
 * requires two renders to print the same bytes). Many tests only read the run of an unchanged
 * stack, so each distinct run happens once per mocha worker (a worker keeps its module cache, and
 * this module's memory, from one test file to the next: mocha 12.0.3 `lib/nodejs/worker.cjs` loads
 * each file into the same process and `Mocha#unloadFiles` deletes only the test file itself from
 * the require cache, `lib/nodejs/file-unloader.js`). Every caller gets its own deep copy, so a test
 * that changes what it got cannot change what the next one sees. A run that fails is not kept.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runStack } from "../../scripts/render";
import type { StackRunner } from "../../scripts/access";
import { runProgram, type ProgramRun, type RunOptions } from "../../scripts/lib/mock-runtime";

const REPO = path.resolve(__dirname, "..", "..");

/**
 * False inside StrykerJS's test-runner processes (its child-process proxy sets
 * `STRYKER_MUTATOR_WORKER`, @stryker-mutator/core 10.0.0 `dist/src/child-proxy/child-process-proxy.js`).
 * Stryker switches mutants inside one loaded process, so a run remembered from the dry run would
 * be served for every mutant and no mutant of the program could fail a test that reads it.
 */
export const REMEMBER_RUNS = process.env.STRYKER_MUTATOR_WORKER === undefined;

/** A deep copy of what `run()` gave for `key` in this process; run (and kept) if it has not been, dropped if it failed. */
async function remembered<T>(runs: Map<string, Promise<T>>, key: string, run: () => Promise<T>): Promise<T> {
  if (!REMEMBER_RUNS) return run();
  let pending = runs.get(key);
  if (!pending) {
    pending = run();
    runs.set(key, pending);
    pending.catch(() => runs.delete(key));
  }
  return structuredClone(await pending);
}

const programRuns = new Map<string, Promise<ProgramRun>>();

/**
 * {@link runProgram} of the repository's `index.ts`, run once per distinct (stack, config, secret
 * keys, mock options) in this process; a copy of that run each call. Not for a `program` option.
 */
export async function runProgramOnce(options: Omit<RunOptions, "program">): Promise<ProgramRun> {
  const key = JSON.stringify([
    options.stack ?? "dev",
    // In the order given: a run over the same keys in another order is a run of its own.
    Object.entries(options.config ?? {}),
    options.secretKeys ?? [],
    options.mocks ?? {},
  ]);
  return remembered(programRuns, key, () => runProgram(options));
}

const stackRuns = new Map<string, ReturnType<typeof runStack>>();

/**
 * `runStack` (scripts/render.ts: read `Pulumi.<stack>.yaml`, run the program on it), once per
 * stack file, keyed by its path and its exact text; a copy of that result each call.
 */
export const runStackOnce: StackRunner = async (args) => {
  const file = path.join(args.dir ?? REPO, `Pulumi.${args.stack}.yaml`);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return runStack(args); // runStack says what is missing
  }
  const key = JSON.stringify([file, text]);
  return remembered(stackRuns, key, () => runStack(args));
};
