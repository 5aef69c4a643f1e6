/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: each
 * `namespace:key` becomes a string (objects and lists as JSON text).
 *
 * `secure: v1:...` values are encrypted by the stack's secrets provider and cannot be decrypted
 * offline: they become {@link SECURE_PLACEHOLDER}, and their top-level key is reported secret,
 * so the render masks them like any other secret and says so on stderr.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

export const SECURE_PLACEHOLDER = "[encrypted: not decrypted offline]";

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  /** Runtime config: `argo-sso:groups` → JSON text. */
  readonly config: Record<string, string>;
  /** Keys holding `secure:` values (the CLI's secret keys). */
  readonly secretKeys: string[];
  /** Keys whose encrypted values were replaced by {@link SECURE_PLACEHOLDER}. */
  readonly undecrypted: string[];
}

/** Thrown for a stack file that is missing or malformed; the message is for the user. */
export class StackFileError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSecure(value: unknown): value is { secure: string } {
  return isObject(value) && Object.keys(value).length === 1 && typeof value.secure === "string";
}

/** Thrown while converting one top-level value; `path` says where below it. */
class ValueError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Replaces nested `{ secure: ... }` values; returns whether any was found. Keys are copied as
 * own data properties, so `__proto__` reaches the program exactly as it does from the CLI's JSON
 * text (and is reported there). A value that contains itself (a YAML alias inside its own
 * anchor) is refused: it has no JSON form, and the Pulumi CLI refuses it too.
 */
function substituteSecure(
  value: unknown,
  path = "",
  open: unknown[] = [],
): { value: unknown; found: boolean } {
  if (isSecure(value)) return { value: SECURE_PLACEHOLDER, found: true };
  if (typeof value !== "object" || value === null) return { value, found: false };
  if (open.includes(value)) {
    throw new ValueError(
      path,
      "a YAML alias refers to a value that contains it (a cycle); write the value out",
    );
  }
  const inner = [...open, value];
  if (Array.isArray(value)) {
    const items = value.map((item, i) => substituteSecure(item, `${path}[${i}]`, inner));
    return { value: items.map((i) => i.value), found: items.some((i) => i.found) };
  }
  if (isObject(value)) {
    let found = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const sub = substituteSecure(v, `${path}.${k}`, inner);
      Object.defineProperty(out, k, {
        value: sub.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      found ||= sub.found;
    }
    return { value: out, found };
  }
  return { value, found: false };
}

/**
 * The runtime key of a stack-file key, as the Pulumi CLI forms it (pulumi/pulumi v3.259.0):
 * a key without a namespace gets the project's (`workspace/loaders.go`
 * `stackConfigNamespacedWithProject`), and the old `<namespace>:config:<name>` form means
 * `<namespace>:<name>` (`resource/config/key.go` `ParseKey`, which refuses any other form).
 */
export function runtimeKey(key: string, project: string): string {
  const parts = key.split(":");
  if (parts.length === 1) return `${project}:${key}`;
  if (parts.length === 2) return key;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") {
    return `${parts[0]}:${parts[2]}`;
  }
  throw new StackFileError(
    `could not parse ${JSON.stringify(key)} as a configuration key (the Pulumi CLI wants <namespace>:<name>)`,
  );
}

/**
 * Converts the `config:` map of a stack file to runtime config. Throws {@link StackFileError}
 * naming the key of a value that has no JSON form.
 */
export function toRuntimeConfig(
  config: Record<string, unknown>,
  project: string = DEFAULT_PROJECT,
): Omit<StackFile, "stack" | "path"> {
  const out: Record<string, string> = {};
  const written = new Map<string, string>();
  const secretKeys: string[] = [];
  const undecrypted: string[] = [];
  for (const [fileKey, raw] of Object.entries(config)) {
    const key = runtimeKey(fileKey, project);
    const earlier = written.get(key);
    if (earlier !== undefined) {
      // The CLI keeps one of the two (whichever its map iteration meets last): refuse instead.
      throw new StackFileError(
        `${JSON.stringify(earlier)} and ${JSON.stringify(fileKey)} both set ${key}; keep one`,
      );
    }
    written.set(key, fileKey);
    let converted: { value: unknown; found: boolean };
    try {
      converted = substituteSecure(raw);
    } catch (err) {
      if (err instanceof ValueError) throw new StackFileError(`${key}${err.path}: ${err.message}`);
      throw err;
    }
    const { value, found } = converted;
    if (found) {
      secretKeys.push(key);
      undecrypted.push(key);
    }
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { config: out, secretKeys, undecrypted };
}

/** The project this repository's `Pulumi.yaml` names: the namespace of un-namespaced keys. */
export const DEFAULT_PROJECT = "argo-sso";

/** `name:` of `dir/Pulumi.yaml`, or {@link DEFAULT_PROJECT} when there is none to read. */
function projectName(dir: string): string {
  try {
    const doc: unknown = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"));
    if (isObject(doc) && typeof doc.name === "string" && doc.name !== "") return doc.name;
  } catch {
    // No project file beside the stack file: the project is this repository's.
  }
  return DEFAULT_PROJECT;
}

/** Reads `Pulumi.<stack>.yaml` from `dir`. */
export function readStackFile(stack: string, dir: string = path.resolve(__dirname, "..", "..")): StackFile {
  if (!/^[\w.-]+$/.test(stack)) throw new StackFileError(`invalid stack name ${JSON.stringify(stack)}`);
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs
      .readdirSync(dir)
      .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
      .filter((s): s is string => s !== undefined)
      .sort();
    throw new StackFileError(
      `no stack file ${path.basename(file)}; known stacks: ${known.join(", ") || "none"}`,
    );
  }
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new StackFileError(`${path.basename(file)} is not valid YAML: ${(err as Error).message}`);
  }
  const config = isObject(doc) && isObject(doc.config) ? doc.config : {};
  try {
    return { stack, path: file, ...toRuntimeConfig(config, projectName(dir)) };
  } catch (err) {
    if (err instanceof StackFileError) throw new StackFileError(`${path.basename(file)}: ${err.message}`);
    throw err;
  }
}
