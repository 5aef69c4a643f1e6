/**
 * Total readers for config values: each returns the value when it fits, or reports a problem
 * against its key (what was given, what is allowed) and returns undefined. None throws, on any
 * input.
 */
import { At, checkKeys, describe, didYouMean, isObj, own, type Obj } from "./config-read";
import { argoUrlProblem } from "../components/argo-url";

/** The value as a map, or a problem (`must be a map of <what>`) and undefined. */
export function readObj(at: At, value: unknown, what: string): Obj | undefined {
  if (isObj(value)) return value;
  at.problem(
    value === undefined ? `required: a map of ${what}` : `must be a map of ${what}, got ${describe(value)}`,
  );
  return undefined;
}

/** The value as a list, or a problem and undefined. */
export function readList(at: At, value: unknown, what: string): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  at.problem(
    value === undefined ? `required: a list of ${what}` : `must be a list of ${what}, got ${describe(value)}`,
  );
  return undefined;
}

export interface TextRule {
  /** @default 1 */
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** What the pattern allows, in words, for the message. */
  readonly patternHint?: string;
}

/** The value as text within the rule, or a problem naming what is allowed and undefined. */
export function readText(at: At, value: unknown, rule: TextRule = {}): string | undefined {
  if (value === undefined) {
    at.problem("required");
    return undefined;
  }
  if (typeof value !== "string") {
    at.problem(`must be text, got ${describe(value)}`);
    return undefined;
  }
  const min = rule.min ?? 1;
  if (value.length < min) {
    at.problem(min === 1 ? "must not be empty" : `must be at least ${min} characters, got ${value.length}`);
    return undefined;
  }
  if (rule.max !== undefined && value.length > rule.max) {
    at.problem(`must be at most ${rule.max} characters, got ${value.length}`);
    return undefined;
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    at.problem(
      `must be ${rule.patternHint ?? `text matching ${rule.pattern.source}`}, got ${describe(value)}`,
    );
    return undefined;
  }
  return value;
}

/** A boolean; the strings "true" and "false" (how the Pulumi CLI passes them) are accepted. */
export function readBool(at: At, value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  at.problem(`must be true or false, got ${describe(value)}`);
  return undefined;
}

/** A positive whole number. */
export function readPositiveInt(at: At, value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  at.problem(`must be a positive whole number, got ${describe(value)}`);
  return undefined;
}

/** One of `allowed`, with a suggestion when close. */
export function readChoice<T extends string>(at: At, value: unknown, allowed: readonly T[]): T | undefined {
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === "string" ? didYouMean(value, allowed) : "";
  at.problem(`must be one of ${allowed.join(", ")}, got ${describe(value)}${hint}`);
  return undefined;
}

/** A map of text to text (tags); every non-text value is reported. */
export function readStringMap(at: At, value: unknown, rule: { keyMax: number; valueMax: number }) {
  const obj = readObj(at, value, "text to text");
  if (!obj) return undefined;
  const entries: [string, string][] = [];
  for (const [key, item] of Object.entries(obj)) {
    if (key.length === 0 || key.length > rule.keyMax) {
      at.at(key).problem(`key must be 1 to ${rule.keyMax} characters, got ${key.length}`);
    }
    const text = readText(at.at(key), item, { min: 0, max: rule.valueMax });
    if (text !== undefined) entries.push([key, text]);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * Parses a top-level runtime value that must be a map or list: the CLI passes them as JSON
 * text. Returns `{ ok: false }` after reporting when the text is not JSON.
 */
export function parseJsonValue(at: At, raw: string, what: string): { ok: boolean; value?: unknown } {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    at.problem(`must be a map of ${what}, got text ${describe(raw)}`);
    return { ok: false };
  }
}

/** Builds a record from entries without ever touching `Object.prototype` (`__proto__` keys stay data). */
export function record<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries(entries) as Record<string, T>;
}

/**
 * An https URL without query, fragment or credentials. With `origin: true` (Argo URLs) it must
 * also have no path and no trailing slash, because Argo CD builds its Dex issuer by plain
 * concatenation (`url + "/api/dex"`).
 */
export function readHttpsUrl(at: At, value: unknown, options: { origin: boolean }): string | undefined {
  const text = readText(at, value);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    at.problem(`must be an https URL like https://argocd.example.com, got ${describe(text)}`);
    return undefined;
  }
  const fail = (what: string) => {
    at.problem(`${what}, got ${describe(text)}`);
    return undefined;
  };
  if (url.protocol !== "https:") return fail("must start with https://");
  if (url.username !== "" || url.password !== "") return fail("must not contain a user name or password");
  if (text.includes("?") || text.includes("#")) return fail("must not have a query or fragment");
  if (/\s/.test(text)) return fail("must not contain whitespace");
  if (options.origin) {
    if (text.endsWith("/")) return fail("must not end with a slash (Argo CD appends /api/dex to it)");
    if (url.pathname !== "/")
      return fail("must be scheme and host only, no path (argo-sso does not set Argo's root path)");
    const problem = argoUrlProblem(text);
    if (problem !== undefined) return fail(problem);
  }
  return text;
}

/** Reads a list, reporting every bad item and every duplicate (by `identity`). */
export function readUniqueList<T>(
  at: At,
  value: unknown,
  what: string,
  readItem: (at: At, item: unknown) => T | undefined,
  identity: (item: T) => string,
): T[] | undefined {
  const list = readList(at, value, what);
  if (!list) return undefined;
  const out: T[] = [];
  const seen = new Map<string, number>();
  let bad = false;
  list.forEach((item, i) => {
    const read = readItem(at.at(i), item);
    if (read === undefined) {
      bad = true;
      return;
    }
    const id = identity(read);
    const first = seen.get(id);
    if (first !== undefined) {
      at.at(i).problem(`duplicate of [${first}] (${id})`);
      bad = true;
      return;
    }
    seen.set(id, i);
    out.push(read);
  });
  return bad ? undefined : out;
}

/** Reads `obj[key]` with `read` when it is present, else returns `fallback` (the default). */
export function readOptional<T, F>(
  at: At,
  obj: Obj,
  key: string,
  fallback: F,
  read: (here: At, value: unknown) => T | undefined,
): T | F | undefined {
  const value = own(obj, key);
  return value === undefined ? fallback : read(at.at(key), value);
}

/**
 * A map of settings with known keys: unknown keys are reported. When absent, a `required` key
 * is reported (with the hint) and an optional one reads as `{}`.
 */
export function readSection(
  at: At,
  value: unknown,
  what: string,
  keys: readonly string[],
  required?: string,
): Obj | undefined {
  if (value === undefined) {
    if (required === undefined) return {};
    at.problem(`required: ${required}`);
    return undefined;
  }
  const obj = readObj(at, value, what);
  if (obj) checkKeys(at, obj, keys);
  return obj;
}

/** `fields` when none is undefined (every problem was reported by its reader), else undefined. */
export function complete<T extends object>(
  fields: T,
): { [K in keyof T]: Exclude<T[K], undefined> } | undefined {
  return Object.values(fields).includes(undefined)
    ? undefined
    : (fields as { [K in keyof T]: Exclude<T[K], undefined> });
}

/** An optional field: whether it was given, and its value when given and valid. */
export interface Given<T> {
  readonly given: boolean;
  readonly value?: T;
}

/** Reads an optional field, keeping "absent" apart from "given but invalid" (value undefined). */
export function readGiven<T>(
  at: At,
  obj: Obj,
  key: string,
  read: (here: At, value: unknown) => T | undefined,
): Given<T> {
  const value = own(obj, key);
  return value === undefined ? { given: false } : { given: true, value: read(at.at(key), value) };
}

/** Whether any field was given but is invalid (its problem is already reported). */
export function anyInvalid(fields: readonly Given<unknown>[]): boolean {
  return fields.some((f) => f.given && f.value === undefined);
}
