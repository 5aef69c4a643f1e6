/**
 * The JSON Schema of a whole `Pulumi.<stack>.yaml`, generated from the stack-config schema
 * (zod 4, `z.toJSONSchema`, input side), for editors: VS Code's YAML extension
 * (yaml-language-server) completes and flags `argo-sso:*` keys with it. `npm run schema` writes
 * it to {@link SCHEMA_PATH}; test/scripts/stack-file-schema.test.ts fails when that file is stale.
 *
 * What the stack file may hold besides the config (Pulumi's `ProjectStack`, pulumi/pulumi
 * sdk/go/common/workspace/project.go): `secretsprovider`, `encryptedkey`, `encryptionsalt`,
 * `environment` (a list of ESC environment names, or an environment definition) and `config`.
 * In `config`, keys of other namespaces (`pulumi:`, `kubernetes:`, `aws:profile`...) are allowed
 * as they are; an unknown `argo-sso:*` key is refused, like the loader refuses it.
 *
 * Secrets: Pulumi reads a map with the single key `secure` whose value is text as an encrypted
 * value at any depth of a config value (sdk/go/common/resource/config/object.go
 * `unmarshalObject` / `isSecureValue`). So every value position accepts `{ secure: <text> }`
 * besides its own schema.
 *
 * Only the type-level rules reach the JSON Schema: shapes, required keys, enums, text patterns
 * and limits. Cross-references (a group naming a permission set) and the other refinements stay
 * with the loader (`npm run render`).
 */
import * as path from "node:path";
import { z } from "zod";

/** Where the generated schema is committed, relative to the repository root. */
export const SCHEMA_PATH = "schema/stack-file.schema.json";

/** The project namespace of the config keys. */
export const NAMESPACE = "argo-sso";

/** A JSON Schema (draft-07): `true`, `false` or a schema object. */
export type JsonSchema = boolean | JsonObject;
export interface JsonObject {
  [key: string]: unknown;
}

/**
 * The definition every value position may use instead of its own schema. `doNotSuggest` (a
 * keyword of VS Code's JSON and YAML language services, ignored by validators) keeps `secure`
 * out of the key completions of every map: `pulumi config set --secret` writes it, not a person.
 */
export const SECURE_DEFINITION: JsonObject = {
  description:
    "A Pulumi secret: `pulumi config set --secret` (with `--path` for a nested key) writes it; the ciphertext cannot be checked here.",
  type: "object",
  properties: { secure: { type: "string", doNotSuggest: true } },
  required: ["secure"],
  additionalProperties: false,
};

const SECURE_REF = "#/definitions/secure";

/** Annotations that describe a position rather than one of its alternatives: kept outside the `anyOf`. */
const ANNOTATIONS = ["title", "description", "markdownDescription", "default", "examples", "deprecated"];

/**
 * Another namespace's key, as Pulumi parses config keys (sdk/go/common/resource/config/key.go
 * `ParseKey`): `<namespace>:<name>`, or the old `<namespace>:config:<name>`, no other colon.
 */
export const OTHER_NAMESPACE_KEYS = [
  `^(?!${NAMESPACE}:)[^:]+:[^:]+$`,
  `^(?!${NAMESPACE}:)[^:]+:config:[^:]+$`,
];

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The JSON Schema of the config (input side), no secure values yet, its keys renamed to
 * stack-file keys by `stackKeys` (root key → stack-file key: `region` → `aws:region`).
 */
export function configJsonSchema(root: z.ZodType, stackKeys: Readonly<Record<string, string>>): JsonObject {
  const generated = z.toJSONSchema(root, {
    target: "draft-07",
    io: "input",
    // Checks that JSON Schema cannot say (refinements, custom types) accept anything here:
    // the loader still applies them.
    unrepresentable: "any",
    reused: "inline",
    cycles: "ref",
    override: ({ zodSchema, jsonSchema }) => {
      // `z.preprocess` runs a function on whatever is given before its schema: what it accepts
      // is unknown, so the position accepts anything (zod would describe the schema after it).
      const def = zodSchema._zod.def as { type: string; in?: { _zod: { traits: Set<string> } } };
      if (def.type !== "pipe" || def.in?._zod.traits.has("$ZodTransform") !== true) return;
      for (const key of Object.keys(jsonSchema)) if (!ANNOTATIONS.includes(key)) delete jsonSchema[key];
    },
  }) as JsonObject;
  if (generated.type !== "object" || !isObject(generated.properties)) {
    throw new Error("the stack-config schema must be an object schema of config keys");
  }
  const stackKey = (key: string): string => {
    const named = Object.prototype.hasOwnProperty.call(stackKeys, key) ? stackKeys[key] : undefined;
    if (named === undefined) throw new Error(`the root key ${JSON.stringify(key)} has no stack-file key`);
    return named;
  };
  const properties: JsonObject = {};
  for (const [key, value] of Object.entries(generated.properties)) properties[stackKey(key)] = value;
  const required = Array.isArray(generated.required)
    ? generated.required.map((k) => stackKey(String(k)))
    : [];
  const out: JsonObject = { type: "object", properties, required };
  if (isObject(generated.definitions)) out.definitions = generated.definitions;
  return out;
}

/** `schema` where every value position (and the positions below it) also accepts a secure value. */
export function allowSecure(schema: JsonSchema): JsonSchema {
  if (!isObject(schema)) return schema;
  const inner = structural(schema);
  const constraints = Object.keys(inner).filter((k) => !ANNOTATIONS.includes(k));
  // `{}` accepts anything already, a secure value included.
  if (constraints.length === 0) return inner;
  const outer: JsonObject = {};
  const alternative: JsonObject = {};
  for (const [key, value] of Object.entries(inner)) {
    if (ANNOTATIONS.includes(key)) outer[key] = value;
    else alternative[key] = value;
  }
  return { ...outer, anyOf: [alternative, { $ref: SECURE_REF }] };
}

/** A copy of `schema` whose child positions accept secure values; the schema itself is left as it is. */
function structural(schema: JsonObject): JsonObject {
  const out: JsonObject = { ...schema };
  for (const key of ["properties", "patternProperties", "definitions"]) {
    const children = schema[key];
    if (!isObject(children)) continue;
    const mapped: JsonObject = {};
    for (const [name, child] of Object.entries(children)) {
      // A definition is used at a position that is wrapped already: only its inside is.
      mapped[name] =
        key === "definitions" && isObject(child) ? structural(child) : allowSecure(child as JsonSchema);
    }
    out[key] = mapped;
  }
  if (isObject(schema.additionalProperties))
    out.additionalProperties = allowSecure(schema.additionalProperties);
  if (Array.isArray(schema.items)) out.items = schema.items.map((item) => allowSecure(item as JsonSchema));
  else if (isObject(schema.items)) out.items = allowSecure(schema.items);
  if (isObject(schema.additionalItems)) out.additionalItems = allowSecure(schema.additionalItems);
  // Alternatives describe the same position: their insides are values, they themselves are not.
  for (const key of ["anyOf", "oneOf", "allOf"]) {
    const branches = schema[key];
    if (Array.isArray(branches)) out[key] = branches.map((b) => (isObject(b) ? structural(b) : b));
  }
  return out;
}

/** The JSON Schema of a whole stack file whose config is described by `root` (keys as in {@link configJsonSchema}). */
export function buildStackFileSchema(
  root: z.ZodType,
  stackKeys: Readonly<Record<string, string>>,
): JsonObject {
  const config = configJsonSchema(root, stackKeys);
  const properties = config.properties as JsonObject;
  const securable: JsonObject = {};
  for (const [key, value] of Object.entries(properties)) securable[key] = allowSecure(value as JsonSchema);
  const definitions: JsonObject = {};
  if (isObject(config.definitions)) {
    for (const [name, value] of Object.entries(config.definitions)) {
      definitions[name] = isObject(value) ? structural(value) : value;
    }
  }
  definitions.secure = SECURE_DEFINITION;
  const text = { type: "string" };
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "argo-sso stack file (Pulumi.<stack>.yaml)",
    description: `Generated by \`npm run schema\` from the stack-config schema; do not edit. Reference: docs/configuration.md.`,
    type: "object",
    properties: {
      config: {
        description: `The stack's config: \`${NAMESPACE}:*\` keys (docs/configuration.md), \`aws:region\`, and keys of other namespaces.`,
        type: "object",
        properties: securable,
        patternProperties: Object.fromEntries(OTHER_NAMESPACE_KEYS.map((pattern) => [pattern, {}])),
        additionalProperties: false,
        required: config.required,
      },
      environment: {
        description:
          "Pulumi ESC environments imported by this stack: a list of names, or an environment definition.",
        anyOf: [{ type: "array", items: text }, { type: "object" }],
      },
      secretsprovider: { ...text, description: "The stack's secrets provider (written by Pulumi)." },
      encryptedkey: {
        ...text,
        description: "The encrypted data key of a cloud secrets provider (written by Pulumi).",
      },
      encryptionsalt: { ...text, description: "The passphrase secrets provider's salt (written by Pulumi)." },
    },
    required: ["config"],
    additionalProperties: false,
    definitions,
  };
}

/**
 * Every key path the config schema names, for the docs check: `argo-sso:groups`,
 * `argo-sso:groups.*.aws[].permissionSet`, ... A user-chosen map key is `*`, a list item `[]`.
 * Free maps (`values`, any key, any value) end the walk.
 */
export function keyPaths(config: JsonObject): string[] {
  const definitions = isObject(config.definitions) ? config.definitions : {};
  const out = new Set<string>();
  const walk = (schema: unknown, at: string, seen: ReadonlySet<string>): void => {
    if (!isObject(schema)) return;
    if (typeof schema.$ref === "string") {
      const name = /^#\/definitions\/(.+)$/.exec(schema.$ref)?.[1];
      if (name !== undefined && !seen.has(name)) walk(definitions[name], at, new Set([...seen, name]));
    }
    for (const key of ["anyOf", "oneOf", "allOf"]) {
      const branches = schema[key];
      if (Array.isArray(branches)) for (const branch of branches) walk(branch, at, seen);
    }
    if (isObject(schema.properties)) {
      for (const [name, child] of Object.entries(schema.properties)) {
        const key = at === "" ? name : `${at}.${name}`;
        out.add(key);
        walk(child, key, seen);
      }
    }
    if (isObject(schema.additionalProperties)) walk(schema.additionalProperties, `${at}.*`, seen);
    if (isObject(schema.items)) walk(schema.items, `${at}[]`, seen);
  };
  walk({ properties: config.properties }, "", new Set());
  return [...out].sort();
}

/** The committed text of `schema`: formatted as `prettier --check` wants it. */
export async function schemaText(schema: JsonObject, root: string): Promise<string> {
  const prettier = await import("prettier");
  const file = path.join(root, SCHEMA_PATH);
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(schema), { ...options, filepath: file });
}
