/**
 * Property tests: whatever a stack file holds, loadStackConfig never throws, and either returns
 * a config or problems that each name a key (`argo-sso:<key>: <message>`).
 */
import { expect } from "chai";
import * as fc from "fast-check";
import { propertyRuns } from "../support/property";
import { CONFIG_KEYS, loadStackConfig, type LoadResult } from "../../stacks/config";
import {
  FIXED_NOW,
  devRuntimeConfig,
  parseValue,
  toRuntimeValue,
  type RuntimeConfig,
} from "../support/configs";

const KEY_NAMED = /^(argo-sso|aws):[^\s:]+: .+/;
const TOP_KEYS = [...CONFIG_KEYS.map((k) => `argo-sso:${k}`), "aws:region"];

/**
 * Every way the result may look; a failure message shows what broke the rule. Chai is called only
 * when a rule is broken (for its message): each property calls this hundreds of times.
 */
function expectWellFormed(result: LoadResult): void {
  if (result.ok !== (result.problems.length === 0)) expect(result.ok).to.equal(result.problems.length === 0);
  if (result.ok && (typeof result.config !== "object" || result.config === null))
    expect(result.config).to.be.an("object");
  for (const line of [...result.problems, ...result.warnings]) {
    if (!KEY_NAMED.test(line)) expect(line).to.match(KEY_NAMED);
    if (line.includes("internal error")) expect(line).to.not.include("internal error");
  }
}

/** Arbitrary JSON-ish values, including the shapes that trip loaders (nulls, lists for maps, numbers for text). */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    "",
    "true",
    "PT13H",
    "__proto__",
    "constructor",
    "-----BEGIN CERTIFICATE-----",
    "https://x/",
  ),
  fc.dictionary(
    fc.constantFrom("__proto__", "constructor", "toString", "url", "aws", "preset"),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

/** Every path below the top-level values of a parsed config: [top key, ...segments]. */
function allPaths(config: RuntimeConfig): (string | number)[][] {
  const out: (string | number)[][] = [];
  const walk = (value: unknown, at: (string | number)[]) => {
    out.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    }
  };
  for (const [key, text] of Object.entries(config)) walk(parseValue(text), [key]);
  return out;
}

/** `config` with the value at `path` replaced (or removed when `value` is undefined). */
function mutate(config: RuntimeConfig, path: readonly (string | number)[], value: unknown): RuntimeConfig {
  const [key, ...rest] = path as [string, ...(string | number)[]];
  const out = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete out[key];
    else out[key] = toRuntimeValue(value);
    return out;
  }
  const root = structuredClone(parseValue(config[key])) as Record<string | number, unknown>;
  let node = root;
  for (const segment of rest.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  const last = rest[rest.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  out[key] = toRuntimeValue(root);
  return out;
}

describe("loadStackConfig properties", () => {
  it("never throws and names a key in every line for arbitrary values at every top-level key", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...TOP_KEYS), anyValue), (values) => {
        const raw = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, toRuntimeValue(v)]));
        expectWellFormed(loadStackConfig(raw, { now: FIXED_NOW }));
      }),
      propertyRuns(300),
    );
  });

  it("never throws and names a key in every line for arbitrary raw keys and text", () => {
    const key = fc.oneof(
      fc.string(),
      fc.string().map((s) => `argo-sso:${s}`),
      fc.constantFrom(...TOP_KEYS),
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.string()), (raw) =>
        expectWellFormed(loadStackConfig(raw, { now: FIXED_NOW })),
      ),
      propertyRuns(300),
    );
  });

  it("never throws and names a key in every line for any one change to the dev config", () => {
    const base = devRuntimeConfig();
    const paths = allPaths(base);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.option(anyValue, { nil: undefined }), (path, value) => {
        expectWellFormed(loadStackConfig(mutate(base, path, value), { now: FIXED_NOW }));
      }),
      propertyRuns(1000),
    );
  });

  it("never throws for several changes to the dev config at once", () => {
    const base = devRuntimeConfig();
    const paths = allPaths(base).filter((p) => p.length > 1);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...paths), anyValue), { maxLength: 6 }), (changes) => {
        let config = base;
        for (const [path, value] of changes) {
          try {
            config = mutate(config, path, value);
          } catch {
            // An earlier change removed this path's parent: skip it.
          }
        }
        expectWellFormed(loadStackConfig(config, { now: FIXED_NOW }));
      }),
      propertyRuns(300),
    );
  });
});
