/**
 * Run parameters for every fast-check property test: a seed that differs between runs (so each
 * CI run explores new cases), printed once per process so any failure can be replayed, and a run
 * count that can be raised for a deep search.
 *
 *   FC_SEED=<n>   replay: use this seed (fast-check also prints seed and path on failure)
 *   FC_RUNS=<x>   multiply every test's run count by x (e.g. FC_RUNS=10 for a nightly search)
 */
import * as fc from "fast-check";

function fromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

/** This process's seed: FC_SEED, or a fresh 32-bit value. */
export const SEED = fromEnv("FC_SEED") ?? (Math.random() * 0x1_0000_0000) | 0;
const MULTIPLIER = fromEnv("FC_RUNS") ?? 1;

let announced = false;

/** `{ seed, numRuns }` for `fc.assert`: `runs` times FC_RUNS, with this process's seed. */
export function propertyRuns(runs: number): fc.Parameters<unknown> {
  if (!announced) {
    announced = true;
    console.log(`fast-check seed ${SEED} (replay with FC_SEED=${SEED})`);
  }
  return { seed: SEED, numRuns: Math.max(1, Math.round(runs * MULTIPLIER)) };
}
