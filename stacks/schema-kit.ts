/**
 * The building blocks of the stack-config schema (stacks/schema.ts): zod 4 types whose error
 * messages name what was given and what is allowed (`must be text, got 42`), and the conversion
 * of zod issues into problem lines `argo-sso:<full key>: <message>`.
 *
 * Pure: no Pulumi runtime, no env, no fs.
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

/** The problem for a key of a map that allows only `allowed`. */
export function unknownKey(key: string, allowed: readonly string[]): string {
  return `unknown key${didYouMean(key, allowed)}; allowed: ${allowed.join(", ")}`;
}

/** What one parse may depend on besides its input: the time certificates are checked against. */
const context = { now: new Date(0) };

/** Runs `parse` with `now` as the time of the checks (parsing is synchronous). */
export function withNow<T>(now: Date, parse: () => T): T {
  const before = context.now;
  context.now = now;
  try {
    return parse();
  } finally {
    context.now = before;
  }
}

/** The time of the running parse. */
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
  const raw = path.findIndex((s) => typeof s === "string" && s.startsWith(RAW));
  if (raw < 0) return formatKey(namespace, path);
  const suffix = path
    .slice(raw)
    .map((s) => (typeof s === "string" && s.startsWith(RAW) ? s.slice(RAW.length) : String(s)))
    .join(".");
  return `${formatKey(namespace, path.slice(0, raw))}.${suffix.replace(/[\s:]/g, "_")}`;
}

/** Marks an unrecognized-keys message: the allowed keys follow it, expanded per key by {@link issueProblems}. */
const ALLOWED = "\u0000allowed:";

type Issue = z.core.$ZodRawIssue;
type Message = string | ((issue: Issue) => string);

function text(message: Message, issue: Issue): string {
  return typeof message === "string" ? message : message(issue);
}

/** `required: <hint>` when absent, else `must be <what>, got <value>`. */
function typeError(required: string, what: string) {
  return (issue: Issue) =>
    issue.input === undefined ? required : `must be ${what}, got ${describe(issue.input)}`;
}

/** A map with fixed keys: unknown keys reported with a suggestion, a wrong type with what it holds. */
export function section<T extends z.core.$ZodLooseShape>(
  shape: T,
  what: string,
  required = `a map of ${what}`,
) {
  const keys = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${ALLOWED}${keys.join(", ")}`
        : issue.input === undefined
          ? `required: ${required}`
          : `must be a map of ${what}, got ${describe(issue.input)}`,
  });
}

/** A map of `key → value` where the keys are names the user picks. */
export function map<V extends z.core.SomeType>(what: string, value: V) {
  return z.record(z.string(), value, { error: typeError(`required: a map of ${what}`, `a map of ${what}`) });
}

/** A list of `item`. */
export function list<I extends z.core.SomeType>(what: string, item: I) {
  return z.array(item, { error: typeError(`required: a list of ${what}`, `a list of ${what}`) });
}

export interface TextRule {
  /** @default 1 */
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  /** What the pattern allows, in words, for the message. */
  readonly hint?: string;
  /** The message when absent. @default "required" */
  readonly required?: string;
  /** The message for a value that is not text, when it deserves more than `must be text`. */
  readonly notText?: (input: unknown) => string | undefined;
}

/**
 * Adds a problem that ends the checks of the value it is about (the next refinements of the
 * same value are skipped), but not those of the maps around it: the cross-reference
 * refinements still run (zod skips `when` refinements only after an explicit abort).
 */
export function fail(ctx: z.core.ParsePayload, message: string): void {
  ctx.issues.push({ code: "custom", message, input: ctx.value, path: [] });
}

/** The first rule of `rule` that `value` breaks, as a message. */
function textProblem(value: string, rule: TextRule): string | undefined {
  const min = rule.min ?? 1;
  if (value.length < min)
    return min === 1 ? "must not be empty" : `must be at least ${min} characters, got ${value.length}`;
  if (rule.max !== undefined && value.length > rule.max)
    return `must be at most ${rule.max} characters, got ${value.length}`;
  if (rule.pattern !== undefined && !rule.pattern.test(value))
    return `must be ${rule.hint ?? `text matching ${rule.pattern.source}`}, got ${describe(value)}`;
  return undefined;
}

/** Text within the rule; the first broken rule is the one reported. */
export function str(rule: TextRule = {}) {
  const min = rule.min ?? 1;
  return z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? (rule.required ?? "required")
          : (rule.notText?.(issue.input) ?? `must be text, got ${describe(issue.input)}`),
    })
    .check((ctx) => {
      const found = textProblem(ctx.value, rule);
      if (found !== undefined) fail(ctx, found);
    })
    .meta({
      // The same limits for a JSON Schema of the input (zod copies metadata into it).
      ...(min > 0 ? { minLength: min } : {}),
      ...(rule.max === undefined ? {} : { maxLength: rule.max }),
      ...(rule.pattern === undefined ? {} : { pattern: rule.pattern.source }),
    });
}

/** A check that a list has at least one item (only lists: a wrong type is reported by the list itself). */
export function nonEmpty(message: string) {
  return (ctx: z.core.ParsePayload<unknown[]>) => {
    if (Array.isArray(ctx.value) && ctx.value.length === 0) fail(ctx, message);
  };
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

/** One of `allowed`, with a suggestion when close. */
export function choice<const T extends readonly [string, ...string[]]>(allowed: T, required?: string) {
  return z.enum(allowed, {
    error: (issue) => {
      if (issue.input === undefined && required !== undefined) return required;
      const hint = typeof issue.input === "string" ? didYouMean(issue.input, allowed) : "";
      return `must be one of ${allowed.join(", ")}, got ${describe(issue.input)}${hint}`;
    },
  });
}

/** Adds a problem at `path` below the value being refined. */
export function problem(ctx: z.core.$RefinementCtx, path: readonly Segment[], message: Message): void {
  const issue: Issue = { code: "custom", input: ctx.value, message: "" };
  ctx.addIssue({
    code: "custom",
    input: ctx.value,
    message: text(message, issue),
    path: [...path],
    continue: true,
  });
}

/** Options of a refinement that runs whenever the value is a map, even after other problems. */
export const ON_MAP = { when: (payload: z.core.ParsePayload) => isObj(payload.value) } as const;

/** Options of a refinement that runs whenever the value is a list, even after other problems. */
export const ON_LIST = { when: (payload: z.core.ParsePayload) => Array.isArray(payload.value) } as const;

/**
 * Problem lines for zod issues: `<namespace>:<full key>: <message>`. `namespaceOf` says which
 * namespace a top-level key belongs to (`region` → `aws`). An unrecognized key becomes one
 * problem per key, with the closest allowed key.
 */
export function issueProblems(
  issues: readonly z.core.$ZodIssue[],
  keyOf: (path: readonly Segment[]) => string,
): string[] {
  const out: string[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is Segment => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys" && issue.message.startsWith(ALLOWED)) {
      const allowed = issue.message.slice(ALLOWED.length).split(", ");
      for (const key of issue.keys) out.push(`${keyOf([...path, key])}: ${unknownKey(key, allowed)}`);
    } else if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) out.push(`${keyOf([...path, key])}: unknown key`);
    } else {
      out.push(`${keyOf(path)}: ${issue.message}`);
    }
  }
  return out;
}

/** Sorted (code-unit order, the same on every machine), de-duplicated lines. */
export function sortedUnique(lines: readonly string[]): string[] {
  return [...new Set(lines)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Parses `value` with `schema` and adds its problems at `path` below the refined value: for
 * rules that depend on another key (a preset's parameters). Returns the parsed value when valid.
 */
export function checkWith<S extends z.ZodType>(
  ctx: z.core.$RefinementCtx,
  path: readonly Segment[],
  schema: S,
  value: unknown,
): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ ...issue, path: [...path, ...issue.path], continue: true } as z.core.$ZodSuperRefineIssue);
  }
  return undefined;
}

/** A list whose items must differ by `identity` (items it gives no identity are skipped). */
export function unique<T>(identity: (item: unknown) => string | undefined) {
  return (items: readonly T[], ctx: z.core.$RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const id = identity(item);
      if (id === undefined) return;
      const first = seen.get(id);
      if (first !== undefined) problem(ctx, [i], `duplicate of [${first}] (${id})`);
      else seen.set(id, i);
    });
  };
}
