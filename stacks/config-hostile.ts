/**
 * Rules that hold for every key and every text anywhere in the config, checked once over each
 * top-level value before its own reader runs: no JavaScript prototype names as map keys, no
 * invisible or reordering characters, and nothing nested deeper than a person would write.
 *
 * Pure and total: no Pulumi runtime, no env, no fs.
 */
import { isObj, type Segment } from "./schema-kit";

/**
 * Map keys that name a property of `Object.prototype` (`__proto__`, `constructor`, `toString`,
 * ...). `JSON.parse` keeps them as data, but plain JavaScript objects do not: assigning
 * `obj["__proto__"]` replaces the prototype (the key vanishes), and code that looks a key up
 * without an own-property check finds the built-in function. The Pulumi SDK and the providers
 * handle tags, values and names as plain objects, so such a key is refused wherever it appears.
 */
export const PROTOTYPE_KEYS: readonly string[] = Object.getOwnPropertyNames(Object.prototype).sort();

/** Nesting beyond this is refused (a stack file a person writes stays far below it). */
export const MAX_DEPTH = 64;

/**
 * Characters refused in any text or key: NUL and the other C0 controls except tab, line feed
 * and carriage return (certificates and kubeconfigs are multi-line), DEL, the C1 controls, the
 * Unicode line/paragraph separators, and the bidirectional embedding, override and isolate
 * controls that make text read differently from what it is (CVE-2021-42574, "Trojan Source").
 */
const UNSAFE_CHAR =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** `U+202E (a bidirectional override)`: what the first unsafe character in `text` is, or undefined. */
export function unsafeCharacter(text: string): string | undefined {
  const match = UNSAFE_CHAR.exec(text);
  if (!match) return undefined;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  const kind =
    code === 0
      ? "NUL"
      : code < 0x20 || (code >= 0x7f && code <= 0x9f)
        ? "a control character"
        : code === 0x2028 || code === 0x2029
          ? "a Unicode line separator"
          : code === 0xfeff
            ? "a byte-order mark"
            : "a bidirectional control";
  return `${hex} (${kind})`;
}

/** The problem with one map key, or undefined. */
export function keyProblem(key: string): string | undefined {
  if (PROTOTYPE_KEYS.includes(key)) {
    return `the key ${JSON.stringify(key)} is a built-in JavaScript property name; the Pulumi SDK treats objects as plain JavaScript objects, where it is dropped or clashes with the built-in (a real pulumi up would fail or lose it); rename it`;
  }
  const bad = unsafeCharacter(key);
  return bad === undefined ? undefined : `the key contains ${bad}; remove it`;
}

/** One finding of {@link checkHostile}: the path below the checked value and the message. */
export interface HostileFinding {
  readonly path: readonly Segment[];
  readonly message: string;
}

/**
 * Every prototype-name key, unsafe character and excessive nesting in `value`, each at its own
 * path. Iterative, so no input can exhaust the call stack.
 */
export function checkHostile(value: unknown): HostileFinding[] {
  const found: HostileFinding[] = [];
  const stack: { path: readonly Segment[]; value: unknown; depth: number }[] = [
    { path: [], value, depth: 0 },
  ];
  while (stack.length > 0) {
    const item = stack.pop() as { path: readonly Segment[]; value: unknown; depth: number };
    if (typeof item.value === "string") {
      const bad = unsafeCharacter(item.value);
      if (bad !== undefined) found.push({ path: item.path, message: `contains ${bad}; remove it` });
      continue;
    }
    if (item.depth >= MAX_DEPTH && (Array.isArray(item.value) || isObj(item.value))) {
      found.push({ path: item.path, message: `nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    if (Array.isArray(item.value)) {
      item.value.forEach((child, i) =>
        stack.push({ path: [...item.path, i], value: child, depth: item.depth + 1 }),
      );
    } else if (isObj(item.value)) {
      for (const key of Object.keys(item.value)) {
        const problem = keyProblem(key);
        if (problem !== undefined) found.push({ path: [...item.path, key], message: problem });
        else
          stack.push({
            path: [...item.path, key],
            value: Object.getOwnPropertyDescriptor(item.value, key)?.value,
            depth: item.depth + 1,
          });
      }
    }
  }
  return found;
}
