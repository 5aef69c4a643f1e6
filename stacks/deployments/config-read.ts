/**
 * The reading primitives of the `argo-sso-deployments` config loader: the problem collector and
 * typed readers that add a `argo-sso-deployments:<key>: <message>` line instead of throwing.
 */

/** The config namespace: the project name in `Pulumi.yaml`. */
export const NAMESPACE = "argo-sso-deployments";

/** A Pulumi name: organization, project, stack, pack. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export type Raw = Record<string, unknown>;

export function isObj(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Collects `<namespace>:<key>: <message>` lines. */
export class Problems {
  readonly lines: string[] = [];
  add(key: string, message: string): void {
    this.lines.push(`${NAMESPACE}:${key}: ${message}`);
  }
  /** Reports keys of `value` that are not in `known` (typos would otherwise be ignored). */
  unknownKeys(key: string, value: Raw, known: readonly string[]): void {
    for (const k of Object.keys(value)) {
      if (!known.includes(k)) this.add(key ? `${key}.${k}` : k, `unknown key; known: ${known.join(", ")}`);
    }
  }
}

/** Runtime config values are strings; objects and lists come as JSON text. */
export function parse(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function readString(
  p: Problems,
  key: string,
  value: unknown,
  pattern: RegExp,
  hint: string,
): string | undefined {
  if (typeof value !== "string" || !pattern.test(value)) {
    p.add(key, `must be ${hint}, got ${JSON.stringify(value ?? null)}`);
    return undefined;
  }
  return value;
}

export function readBool(p: Problems, key: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value === "boolean") return value;
  p.add(key, `must be true or false, got ${JSON.stringify(value)}`);
  return fallback;
}

export function readStrings(
  p: Problems,
  key: string,
  value: unknown,
  fallback: readonly string[],
): readonly string[] {
  if (value === undefined) return fallback;
  if (Array.isArray(value) && value.every((v) => typeof v === "string" && v.trim() !== "")) return value;
  p.add(key, `must be a list of non-empty strings, got ${JSON.stringify(value)}`);
  return fallback;
}

export function readEnum<T extends string>(
  p: Problems,
  key: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === "string" && (allowed as readonly string[]).includes(value)) return value as T;
  p.add(key, `must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  return fallback;
}
