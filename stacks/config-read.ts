/**
 * The small toolkit behind `loadStackConfig`: a cursor that knows its full config key and
 * records problems against it, and total readers that never throw on any input (a wrong type
 * becomes a problem naming the key, the value given and what is allowed).
 *
 * Pure: no Pulumi runtime, no env, no fs.
 */

/** A key segment: a map key or a list index. */
export type Segment = string | number;

/** Namespaces a problem can name: the project's own keys, and `aws:region`. */
export type Namespace = "argo-sso" | "aws";

const SIMPLE_SEGMENT = /^[A-Za-z0-9_@+=,-]+$/;

/**
 * Renders a key segment the way a reader finds it in a stack file: `groups.developers`,
 * `aws[0]`, `users["alice@example.com"]`. Segments that are not plain words are quoted, and
 * whitespace and colons are escaped, so a full key never contains either (a key is the text
 * before the first `": "` of a problem line).
 */
export function formatSegment(segment: Segment, first: boolean): string {
  if (typeof segment === "number") return `[${segment}]`;
  if (SIMPLE_SEGMENT.test(segment)) return first ? segment : `.${segment}`;
  const quoted = JSON.stringify(segment).replace(
    /[\s:]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `[${quoted}]`;
}

/** `argo-sso:groups.developers.aws[0].permissionSet` from its namespace and segments. */
export function formatKey(namespace: Namespace, path: readonly Segment[]): string {
  const body = path.map((segment, i) => formatSegment(segment, i === 0)).join("");
  return `${namespace}:${body}`;
}

interface Line {
  readonly key: string;
  readonly message: string;
}

/** Collects problems and warnings as `<key>: <message>` lines. */
export class Report {
  private readonly problemLines: Line[] = [];
  private readonly warningLines: Line[] = [];

  addProblem(key: string, message: string): void {
    this.problemLines.push({ key, message });
  }

  addWarning(key: string, message: string): void {
    this.warningLines.push({ key, message });
  }

  get hasProblems(): boolean {
    return this.problemLines.length > 0;
  }

  /** Problems as sorted, de-duplicated lines. */
  problems(): string[] {
    return render(this.problemLines);
  }

  /** Warnings as sorted, de-duplicated lines. */
  warnings(): string[] {
    return render(this.warningLines);
  }
}

function render(lines: readonly Line[]): string[] {
  const text = lines.map((l) => `${l.key}: ${l.message}`);
  // Code-unit order: the same on every machine and locale.
  return [...new Set(text)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A position in the config: reports against its full key and hands out children. */
export class At {
  constructor(
    private readonly report: Report,
    readonly namespace: Namespace,
    readonly path: readonly Segment[],
  ) {}

  /** The full key, e.g. `argo-sso:groups.developers.aws[0]`. */
  get key(): string {
    return formatKey(this.namespace, this.path);
  }

  /** The position of a map key or list index below this one. */
  at(...segments: Segment[]): At {
    return new At(this.report, this.namespace, [...this.path, ...segments]);
  }

  /**
   * Reports against `<key>.<suffix>` where the suffix is already formatted (a Helm value path
   * such as `configs.cm."dex.config"`, see components/helm-values.ts `formatValuePath`).
   */
  problemBelow(suffix: string, message: string): void {
    this.report.addProblem(`${this.key}.${suffix.replace(/[\s:]/g, "_")}`, message);
  }

  problem(message: string): void {
    this.report.addProblem(this.key, message);
  }

  warn(message: string): void {
    this.report.addWarning(this.key, message);
  }
}

/** A plain map (not null, not a list). */
export type Obj = Readonly<Record<string, unknown>>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own-property lookup: `"constructor"` or `"__proto__"` in a config never reach the prototype. */
export function own(obj: Obj, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A short, safe description of a value for a message: `"PT13H"`, `42`, `a list`, `a map`. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isObj(value)) return "a map";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

/** Classic Levenshtein distance (small inputs only: config keys and names). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The closest candidate to `word` when it is close enough to be a typo: the same ignoring
 * case, or within an edit distance of about a third of its length (at least 1, at most 3);
 * failing that, the only candidate that starts with it (`Admin` → `AdministratorAccess`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 200) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance =
      candidate.toLowerCase() === word.toLowerCase()
        ? 0
        : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (best === undefined && word.length >= 4) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(word.toLowerCase()));
    if (prefixed.length === 1) return prefixed[0];
  }
  return best;
}

/** ` (did you mean "groups"?)` or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = closest(word, candidates);
  return hit === undefined ? "" : ` (did you mean ${JSON.stringify(hit)}?)`;
}

/** Reports every key of `obj` not in `allowed`, with a suggestion when one is close. */
export function checkKeys(at: At, obj: Obj, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      at.at(key).problem(`unknown key${didYouMean(key, allowed)}; allowed: ${allowed.join(", ")}`);
    }
  }
}

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
