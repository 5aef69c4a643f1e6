/**
 * The small toolkit behind `loadStackConfig`: a cursor that knows its full config key and
 * records problems against it, and total readers that never throw on any input (a wrong type
 * becomes a problem naming the key, the value given and what is allowed).
 *
 * Pure: no Pulumi runtime, no env, no fs.
 */
import { formatKey, type Namespace, type Segment } from "../components/config-key";

export { formatKey, formatSegment, type Namespace, type Segment } from "../components/config-key";

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

  /** How many problems were added so far (duplicates included). */
  get problemCount(): number {
    return this.problemLines.length;
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

  /** How many problems the whole report holds so far: compare before and after a check. */
  get problemCount(): number {
    return this.report.problemCount;
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
