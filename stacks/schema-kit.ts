/**
 * Building blocks of the stack-config schema (stacks/schema.ts): zod 4 types whose messages name
 * what was given and what is allowed (`must be text, got 42`), and the conversion of zod issues
 * into problem lines `argo-sso:<full key>: <message>`. Pure: no Pulumi runtime, no env, no fs.
 */
import { z } from "zod";
import { formatKey, type Segment } from "../components/config-key";

export { formatKey, type Segment };

/** A plain map (not null, not a list). */
export type Obj = Readonly<Record<string, unknown>>;

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Own-property lookup: `"constructor"` or `"__proto__"` in a config never reach the prototype. */
export function own(obj: unknown, key: string): unknown {
  return isObj(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** A short, safe description of a value for a message: `"PT13H"`, `42`, `a list`, `a map`. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (isObj(value)) return "a map";
  if (typeof value !== "string") return String(value);
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
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
 * The closest candidate to `word` when it is close enough to be a typo: the same ignoring case,
 * or within an edit distance of about a third of its length (1 to 3); failing that, the only
 * candidate that starts with it (`Admin` → `AdministratorAccess`).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 200) return undefined;
  const lower = word.toLowerCase();
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const c = candidate.toLowerCase();
    const distance = c === lower ? 0 : editDistance(lower, c);
    if (distance <= limit && distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(lower));
  return best ?? (word.length >= 4 && prefixed.length === 1 ? prefixed[0] : undefined);
}

/** ` (did you mean "groups"?)` or "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = closest(word, candidates);
  return hit === undefined ? "" : ` (did you mean ${JSON.stringify(hit)}?)`;
}

/** The problem for a key of a map that allows only `allowed`. */
export function unknownKey(key: string, allowed: readonly string[]): string {
  return `unknown key${didYouMean(key, allowed)}; allowed: ${allowed.join(", ")}`;
}

/** The time certificates are checked against during one (synchronous) parse. */
const context = { now: new Date(0) };

/** Runs `parse` with `now` as the time of the checks. */
export function withNow<T>(now: Date, parse: () => T): T {
  const before = context.now;
  context.now = now;
  try {
    return parse();
  } finally {
    context.now = before;
  }
}

export function parseNow(): Date {
  return context.now;
}

/** Marks a path segment that is already formatted (a Helm value path such as `configs.cm."dex.config"`). */
const RAW = "\u0000raw:";

/** A segment printed as is after a dot (whitespace and colons become `_`). */
export function rawSegment(formatted: string): string {
  return `${RAW}${formatted}`;
}

/** The full key of `path` in `namespace`, with {@link rawSegment}s printed as they are. */
export function formatPath(namespace: "argo-sso" | "aws", path: readonly Segment[]): string {
  const isRaw = (s: Segment) => typeof s === "string" && s.startsWith(RAW);
  const raw = path.findIndex(isRaw);
  if (raw < 0) return formatKey(namespace, path);
  const suffix = path.slice(raw).map((s) => (isRaw(s) ? (s as string).slice(RAW.length) : String(s)));
  return `${formatKey(namespace, path.slice(0, raw))}.${suffix.join(".").replace(/[\s:]/g, "_")}`;
}

/** Marks an unrecognized-keys message: the allowed keys follow it, expanded per key by {@link issueProblems}. */
const ALLOWED = "\u0000allowed:";

/** `required` when absent, else `must be <what>, got <value>`. */
function typeError(what: string, required = `required: ${what}`) {
  return (issue: z.core.$ZodRawIssue) =>
    issue.input === undefined ? required : `must be ${what}, got ${describe(issue.input)}`;
}

/** A map with fixed keys: unknown keys reported with a suggestion, a wrong type with what it holds. */
export function section<T extends z.core.$ZodLooseShape>(shape: T, what: string, required?: string) {
  const wrongType = typeError(`a map of ${what}`, `required: ${required ?? `a map of ${what}`}`);
  const allowed = `${ALLOWED}${Object.keys(shape).join(", ")}`;
  return z.strictObject(shape, {
    error: (issue) => (issue.code === "unrecognized_keys" ? allowed : wrongType(issue)),
  });
}

/** A map of `key → value` where the keys are names the user picks. */
export function map<V extends z.core.SomeType>(what: string, value: V) {
  return z.record(z.string(), value, { error: typeError(`a map of ${what}`) });
}

/** A list of `item`; with `nonEmpty`, the message for an empty list. */
export function list<I extends z.core.SomeType>(what: string, item: I, nonEmpty?: string) {
  const schema = z.array(item, { error: typeError(`a list of ${what}`) });
  if (nonEmpty === undefined) return schema;
  return schema
    .check((ctx) => {
      if (ctx.value.length === 0) fail(ctx, nonEmpty);
    })
    .meta({ minItems: 1 });
}

/** Rules of {@link str}; the first broken one is reported. */
export interface TextRule {
  /** @default 1 */
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** What the pattern allows, in words. */
  readonly hint?: string;
  /** The message when absent. @default "required" */
  readonly required?: string;
  /** The message for a value that is not text, when it deserves more than `must be text`. */
  readonly notText?: (input: unknown) => string | undefined;
}

/**
 * Adds a problem that ends the checks of the value it is about (its next refinements are
 * skipped), but not those of the maps around it: zod skips `when` refinements only after an
 * explicit abort, so the cross-reference refinements still run.
 */
export function fail(ctx: z.core.ParsePayload, message: string): void {
  ctx.issues.push({ code: "custom", message, input: ctx.value, path: [] });
}

/** Text within `rule`. */
export function str(rule: TextRule = {}) {
  const { min = 1, max, pattern } = rule;
  const notText = (input: unknown) => rule.notText?.(input) ?? `must be text, got ${describe(input)}`;
  return z
    .string({ error: (i) => (i.input === undefined ? (rule.required ?? "required") : notText(i.input)) })
    .check((ctx) => {
      const n = ctx.value.length;
      if (n < min)
        fail(ctx, min === 1 ? "must not be empty" : `must be at least ${min} characters, got ${n}`);
      else if (max !== undefined && n > max) fail(ctx, `must be at most ${max} characters, got ${n}`);
      else if (pattern !== undefined && !pattern.test(ctx.value))
        fail(ctx, `must be ${rule.hint ?? `text matching ${pattern.source}`}, got ${describe(ctx.value)}`);
    })
    .meta({
      // The same limits for a JSON Schema of the input (zod copies metadata into it).
      ...(min > 0 ? { minLength: min } : {}),
      ...(max === undefined ? {} : { maxLength: max }),
      ...(pattern === undefined ? {} : { pattern: pattern.source }),
    });
}

/** A boolean; the strings "true" and "false" (how the Pulumi CLI passes them) are accepted. */
export function bool() {
  return z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], {
    error: (issue) => `must be true or false, got ${describe(issue.input)}`,
  });
}

/** A positive whole number. */
export function positiveInt() {
  const error = (input: unknown) => `must be a positive whole number, got ${describe(input)}`;
  return z
    .number({ error: (issue) => error(issue.input) })
    .check((ctx) => {
      if (!Number.isSafeInteger(ctx.value) || ctx.value <= 0) fail(ctx, error(ctx.value));
    })
    .meta({ type: "integer", exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER });
}

/** One of `allowed`, with a suggestion when close; `special` may give the message for a value first. */
export function choice<const T extends readonly [string, ...string[]]>(
  allowed: T,
  special: (input: unknown) => string | undefined = () => undefined,
) {
  return z.enum(allowed, {
    error: ({ input }) => {
      const hint = typeof input === "string" ? didYouMean(input, allowed) : "";
      return special(input) ?? `must be one of ${allowed.join(", ")}, got ${describe(input)}${hint}`;
    },
  });
}

/** Adds a problem at `path` below the value being refined. */
export function problem(ctx: z.core.$RefinementCtx, path: readonly Segment[], message: string): void {
  ctx.addIssue({ code: "custom", input: ctx.value, message, path: [...path], continue: true });
}

/** A refinement whose `check` returns the problem with the value, or undefined. */
export function textCheck<T = string>(check: (value: T) => string | undefined) {
  return (value: T, ctx: z.core.$RefinementCtx) => {
    const found = check(value);
    if (found !== undefined) problem(ctx, [], found);
  };
}

/** Options of a refinement that runs whenever the value is a map, even after other problems. */
export const ON_MAP = { when: (payload: z.core.ParsePayload) => isObj(payload.value) } as const;

/** Options of a refinement that runs whenever the value is a list, even after other problems. */
export const ON_LIST = { when: (payload: z.core.ParsePayload) => Array.isArray(payload.value) } as const;

/**
 * Problem lines for zod issues, `<namespace>:<full key>: <message>`, `keyOf` giving the full
 * key of a path. An unrecognized key becomes one problem per key, with the closest allowed key.
 */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  keyOf: (path: readonly Segment[]) => string,
): string[] {
  return issues.flatMap((issue) => {
    const path = issue.path.filter((s): s is Segment => typeof s !== "symbol");
    if (issue.code !== "unrecognized_keys") return [`${keyOf(path)}: ${issue.message}`];
    const allowed = issue.message.startsWith(ALLOWED) ? issue.message.slice(ALLOWED.length) : undefined;
    return issue.keys.map(
      (key) =>
        `${keyOf([...path, key])}: ${allowed === undefined ? "unknown key" : unknownKey(key, allowed.split(", "))}`,
    );
  });
}

/** Sorted (code-unit order, the same on every machine), de-duplicated lines. */
export function sortedUnique(lines: readonly string[]): string[] {
  return [...new Set(lines)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Parses `value` with `schema` and adds its problems at `path` below the refined value: for
 * rules that depend on another key (a preset's parameters).
 */
export function checkWith(
  ctx: z.core.$RefinementCtx,
  path: readonly Segment[],
  schema: z.ZodType,
  value: unknown,
) {
  const result = schema.safeParse(value);
  for (const issue of result.error?.issues ?? [])
    ctx.addIssue({ ...issue, path: [...path, ...issue.path], continue: true } as z.core.$ZodSuperRefineIssue);
}

/** A list whose items must differ by `identity` (items it gives no identity are skipped). */
export function unique<T>(identity: (item: unknown) => string | undefined) {
  return (items: readonly T[], ctx: z.core.$RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const id = identity(item);
      const first = id === undefined ? undefined : seen.get(id);
      if (id === undefined) return;
      if (first !== undefined) problem(ctx, [i], `duplicate of [${first}] (${id})`);
      else seen.set(id, i);
    });
  };
}
