/**
 * Stack configs for tests: the repo's own stack files as the runtime config the Pulumi CLI
 * would hand the program, and helpers to derive variants from them.
 *
 * The stack files embed test/fixtures/certs/example.pem (valid 2026-01-01 to 2036-01-01):
 * pass {@link FIXED_NOW} to `loadStackConfig` so tests never rot.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../scripts/lib/stack-file";
import { loadStackConfig, type LoadResult } from "../../stacks/config";

/** A time inside the validity of the example certificate. */
export const FIXED_NOW = new Date("2027-01-01T00:00:00Z");

/** Runtime config: `"argo-sso:groups"` → JSON text, `"aws:region"` → text. */
export type RuntimeConfig = Record<string, string>;

const REPO = path.resolve(__dirname, "..", "..");

/** Each stack file read so far in this process: its text, and the runtime config read from it. */
const stackFiles = new Map<string, { text: string; config: Readonly<RuntimeConfig> }>();

/**
 * `Pulumi.<stack>.yaml` in `dir` as runtime config, a fresh copy each call (issue 11: the YAML
 * parse was read ~900 times a run, 3.7 s of `npm test`'s CPU). The file is read on every call and
 * parsed again whenever its text differs from the last parse. `readStackFile`
 * (scripts/lib/stack-file.ts) imports nothing StrykerJS mutates, so a remembered parse hides no
 * mutant.
 */
export function stackFileConfig(stack: string, dir: string): RuntimeConfig {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const text = fs.readFileSync(file, "utf8");
  let read = stackFiles.get(file);
  if (read?.text !== text) {
    read = { text, config: Object.freeze(readStackFile(stack, dir).config) };
    stackFiles.set(file, read);
  }
  return { ...read.config };
}

/** `Pulumi.<stack>.yaml` of this repo as runtime config (a fresh copy each call). */
export function stackRuntimeConfig(stack: "dev" | "prod"): RuntimeConfig {
  return stackFileConfig(stack, REPO);
}

/** `Pulumi.dev.yaml` as runtime config (a fresh copy each call). */
export function devRuntimeConfig(): RuntimeConfig {
  return stackRuntimeConfig("dev");
}

/** `Pulumi.prod.yaml` as runtime config (a fresh copy each call). */
export function prodRuntimeConfig(): RuntimeConfig {
  return stackRuntimeConfig("prod");
}

/** The value of `key` as the program sees it: JSON text parsed, plain text as is. */
export function parseValue(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** How the CLI passes a value: text as is, anything else as JSON text. */
export function toRuntimeValue(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A copy of `base` with `key` (e.g. `"argo-sso:groups"`) changed by `mutate`, which gets a deep
 * copy of the parsed value (undefined when absent) and may change it in place or return a new
 * value. Returning {@link REMOVE} deletes the key.
 */
export function withConfig(
  base: RuntimeConfig,
  key: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  mutate: (value: any) => unknown,
): RuntimeConfig {
  const draft = structuredClone(parseValue(base[key]));
  const returned = mutate(draft);
  const next = returned === undefined ? draft : returned;
  const out = { ...base };
  if (next === REMOVE || next === undefined) delete out[key];
  else out[key] = toRuntimeValue(next);
  return out;
}

/** Returned from a {@link withConfig} mutation: delete the key. */
export const REMOVE = Symbol("remove");

/**
 * A copy of `base` with one nested value set (or deleted when `value` is {@link REMOVE}):
 * `withPath(cfg, "argo-sso:groups", ["developers", "aws", 0, "permissionSet"], "Dev")`.
 * Missing maps on the way are created.
 */
export function withPath(
  base: RuntimeConfig,
  key: string,
  at: readonly (string | number)[],
  value: unknown,
): RuntimeConfig {
  if (at.length === 0) return withConfig(base, key, () => value);
  return withConfig(base, key, (root: unknown) => {
    const top = root ?? {};
    let node = top as Record<string | number, unknown>;
    for (const segment of at.slice(0, -1)) {
      if (typeof node[segment] !== "object" || node[segment] === null) node[segment] = {};
      node = node[segment] as Record<string | number, unknown>;
    }
    const last = at[at.length - 1];
    if (value === REMOVE) {
      if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
      else delete node[last];
    } else node[last] = value;
    return top;
  });
}

/** `loadStackConfig` at {@link FIXED_NOW} (or `now`). */
export function load(config: RuntimeConfig, now: Date = FIXED_NOW): LoadResult {
  return loadStackConfig(config, { now });
}

/** The problems of {@link load}. */
export function problemsOf(config: RuntimeConfig, now?: Date): string[] {
  return load(config, now).problems;
}

/** The warnings of {@link load}. */
export function warningsOf(config: RuntimeConfig, now?: Date): string[] {
  return load(config, now).warnings;
}

const EXAMPLES = path.join(REPO, "examples", "multi-cluster");

/**
 * An example stack file of examples/multi-cluster as runtime config: `identity` (the stack that
 * owns Identity Center) or `cluster-eu` (a cluster stack).
 */
export function exampleRuntimeConfig(stack: "identity" | "cluster-eu"): RuntimeConfig {
  return stackFileConfig(stack, EXAMPLES);
}
