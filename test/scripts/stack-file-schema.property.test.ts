/**
 * The editor never flags a stack file that works: whatever one change is made to Pulumi.dev.yaml
 * or Pulumi.prod.yaml (a value replaced by another type, a key removed, an unknown key added),
 * when the JSON Schema (schema/stack-file.schema.json, through Ajv) refuses the file, the loader
 * refuses it too. The other direction holds only for type-level rules
 * (test/scripts/stack-file-schema.test.ts tests a sample of them).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as fc from "fast-check";
import Ajv from "ajv";
import * as YAML from "yaml";
import { loadStackConfig } from "../../stacks/config";
import { toRuntimeConfig } from "../../scripts/lib/stack-file";
import { SCHEMA_PATH } from "../../scripts/lib/stack-file-schema";
import { FIXED_NOW } from "../support/configs";
import { propertyRuns } from "../support/property";

const REPO = path.resolve(__dirname, "..", "..");
const validate = new Ajv({ allErrors: true })
  .addKeyword("doNotSuggest")
  .compile(JSON.parse(fs.readFileSync(path.join(REPO, SCHEMA_PATH), "utf8")) as object);

type Segment = string | number;
type Config = Record<string, unknown>;

const BASES: Record<string, Config> = Object.fromEntries(
  ["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map((file) => [
    file,
    (YAML.parse(fs.readFileSync(path.join(REPO, file), "utf8")) as { config: Config }).config,
  ]),
);

/** Every path below the config map: `["argo-sso:groups", "developers", "aws", 0]`. */
function pathsOf(config: Config): Segment[][] {
  const out: Segment[][] = [];
  const walk = (value: unknown, at: Segment[]) => {
    if (at.length > 0) out.push(at);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else if (typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    }
  };
  walk(config, []);
  return out;
}

/** Values of every JSON type, and texts the rules care about. */
const replacement = fc.oneof(
  fc.constantFrom<unknown>(42, -1, 1.5, 0, true, false, null, [], {}, ["x"], { bogusKey: 1 }, 123456789012),
  fc.constantFrom<unknown>(
    "",
    "x",
    "owner",
    "true",
    "PT13H",
    "123456789012",
    "https://x.example",
    "role:admin",
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

type Change = { kind: "replace"; value: unknown } | { kind: "delete" } | { kind: "addKey" };

const change: fc.Arbitrary<Change> = fc.oneof(
  replacement.map((value) => ({ kind: "replace" as const, value })),
  fc.constant<Change>({ kind: "delete" }),
  fc.constant<Change>({ kind: "addKey" }),
);

/** A copy of `base` with `what` applied at `at`; undefined when it does not apply there. */
function changed(base: Config, at: Segment[], what: Change): Config | undefined {
  const config = structuredClone(base);
  let parent: unknown = config;
  for (const segment of at.slice(0, -1)) parent = (parent as Record<Segment, unknown>)[segment];
  const last = at[at.length - 1];
  const holder = parent as Record<Segment, unknown> & unknown[];
  if (what.kind === "replace") {
    // The CLI hands a top-level text to the program as it is, and the loader reads JSON text
    // there (`pulumi config set` without --path); the schema wants YAML. Not compared here.
    if (at.length === 1 && typeof what.value === "string") return undefined;
    holder[last] = what.value;
  } else if (what.kind === "delete") {
    if (Array.isArray(holder)) holder.splice(last as number, 1);
    else delete holder[last];
  } else {
    const target = holder[last];
    if (typeof target !== "object" || target === null || Array.isArray(target)) return undefined;
    (target as Record<string, unknown>).bogusKey = "x";
  }
  return config;
}

describe("schema/stack-file.schema.json against the loader (property)", () => {
  it("refuses a changed stack file only when the loader refuses it too", () => {
    const cases = fc
      .constantFrom(...Object.keys(BASES))
      .chain((file) => fc.tuple(fc.constant(file), fc.constantFrom(...pathsOf(BASES[file]))))
      .chain(([file, at]) => fc.tuple(fc.constant(file), fc.constant(at), change));
    fc.assert(
      fc.property(cases, ([file, at, what]) => {
        const config = changed(BASES[file], at, what);
        if (config === undefined) return;
        if (validate({ config })) return;
        const result = loadStackConfig(toRuntimeConfig(config).config, { now: FIXED_NOW });
        expect(
          result.ok,
          `${file} ${JSON.stringify(at)} ${JSON.stringify(what)}: the schema says ${JSON.stringify(validate.errors?.slice(0, 3))}, the loader accepts`,
        ).to.equal(false);
      }),
      {
        ...propertyRuns(150),
        // Always tried: a number where the loader turns numbers into text (z.preprocess), which
        // the generated schema once refused.
        examples: [
          [["Pulumi.dev.yaml", ["argo-sso:clientSecret", "rotation"], { kind: "replace", value: 42 }]],
        ],
      },
    );
  });
});
