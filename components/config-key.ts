/**
 * How a config key is written in a problem line: `argo-sso:groups.developers.aws[0]`. Shared by
 * the stack-config loader and the components' own checks, so both name a key the same way.
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
    /[\s:\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `[${quoted}]`;
}

/** `argo-sso:groups.developers.aws[0].permissionSet` from its namespace and segments. */
export function formatKey(namespace: Namespace, path: readonly Segment[]): string {
  const body = path.map((segment, i) => formatSegment(segment, i === 0)).join("");
  return `${namespace}:${body}`;
}
