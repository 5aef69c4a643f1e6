/**
 * Rules that hold for every key and text anywhere in the config, checked over each top-level
 * value before the schema reads it: no JavaScript prototype names as map keys, no invisible or
 * reordering characters, nothing nested deeper than a person would write. Pure and total.
 */
import { isObj, type Segment } from "./schema-kit";

/**
 * Map keys that name a property of `Object.prototype` (`__proto__`, `constructor`, ...).
 * `JSON.parse` keeps them as data, but plain JavaScript objects do not: assigning
 * `obj["__proto__"]` replaces the prototype (the key vanishes), and a lookup without an
 * own-property check finds the built-in. The Pulumi SDK and the providers handle tags, values
 * and names as plain objects, so such a key is refused wherever it appears.
 */
const PROTOTYPE_KEYS: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** Nesting beyond this is refused (a stack file a person writes stays far below it). */
const MAX_DEPTH = 64;

/**
 * Characters refused in any text or key: NUL and the other C0 controls except tab, line feed
 * and carriage return (certificates and kubeconfigs are multi-line), DEL, the C1 controls, the
 * Unicode line/paragraph separators, the byte-order mark, and the bidirectional embedding,
 * override and isolate controls that make text read differently from what it is
 * (CVE-2021-42574, "Trojan Source").
 */
const UNSAFE_CHAR =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** `U+202E (a bidirectional control)`: what the first unsafe character in `text` is, or undefined. */
export function unsafeCharacter(text: string): string | undefined {
  const code = UNSAFE_CHAR.exec(text)?.[0].charCodeAt(0);
  if (code === undefined) return undefined;
  const kind =
    code === 0
      ? "NUL"
      : code <= 0x9f
        ? "a control character"
        : code === 0x2028 || code === 0x2029
          ? "a Unicode line separator"
          : code === 0xfeff
            ? "a byte-order mark"
            : "a bidirectional control";
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")} (${kind})`;
}

/** The problem with one map key, or undefined. */
export function keyProblem(key: string): string | undefined {
  if (PROTOTYPE_KEYS.includes(key))
    return `the key ${JSON.stringify(key)} is a built-in JavaScript property name; the Pulumi SDK treats objects as plain JavaScript objects, where it is dropped or clashes with the built-in (a real pulumi up would fail or lose it); rename it`;
  const bad = unsafeCharacter(key);
  return bad === undefined ? undefined : `the key contains ${bad}; remove it`;
}

/**
 * Every prototype-name key, unsafe character and excessive nesting in `value`, each at its path
 * below it. Iterative, so no input can exhaust the call stack.
 */
export function checkHostile(value: unknown): { path: readonly Segment[]; message: string }[] {
  const found: { path: readonly Segment[]; message: string }[] = [];
  const stack: { path: readonly Segment[]; value: unknown; depth: number }[] = [
    { path: [], value, depth: 0 },
  ];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { path, depth } = item;
    const bad = typeof item.value === "string" ? unsafeCharacter(item.value) : undefined;
    if (bad !== undefined) found.push({ path, message: `contains ${bad}; remove it` });
    if (!Array.isArray(item.value) && !isObj(item.value)) continue;
    if (depth >= MAX_DEPTH) found.push({ path, message: `nested more than ${MAX_DEPTH} levels deep` });
    else if (Array.isArray(item.value))
      item.value.forEach((child, i) => stack.push({ path: [...path, i], value: child, depth: depth + 1 }));
    else {
      for (const key of Object.keys(item.value)) {
        const problem = keyProblem(key);
        const child = Object.getOwnPropertyDescriptor(item.value, key)?.value as unknown;
        if (problem !== undefined) found.push({ path: [...path, key], message: problem });
        else stack.push({ path: [...path, key], value: child, depth: depth + 1 });
      }
    }
  }
  return found;
}
