/**
 * The policy parts of a permission set, checked against the limits of AWS IAM Identity Center
 * (CreatePermissionSet, PutInlinePolicyToPermissionSet, AttachManagedPolicyToPermissionSet,
 * PutPermissionsBoundaryToPermissionSet): session duration, description, inline policy,
 * AWS-managed policy ARNs, customer-managed policy references and the permissions boundary.
 */
import type { PermissionsBoundary, PolicyReference } from "./types";
import { At, describe, isObj, own } from "./config-read";
import { readOptional, readSection, readText } from "./config-values";

/** Description characters AWS accepts (CreatePermissionSet `Description`): Latin-1 printable, tab, newlines. */
const LATIN1 = /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/;

/** `arn:<partition>:iam::aws:policy/<path/>name` or with a 12-digit account. */
export const MANAGED_POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@-]+\/)*[\w+=,.@-]+$/;
const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
const POLICY_PATH = /^\/([\w+=,.@-]+\/)*$/;

/** Session bounds in seconds: PT1H to PT12H (PermissionSet `SessionDuration`). */
const MIN_SESSION = 3600;
const MAX_SESSION = 12 * 3600;
const INLINE_MAX_BYTES = 32_768;
const INLINE_MAX_NON_WHITESPACE = 10_240;

/**
 * Seconds in an ISO-8601 duration of days, hours, minutes and seconds (`PT8H`, `PT1H30M`,
 * `P1D`), or undefined when the text is not one.
 */
export function parseIsoDuration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const [d, h, min, s] = m.slice(1).map((part) => Number(part ?? 0));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** The canonical form of a duration in seconds: `PT1H30M`, `PT8H`. */
export function formatIsoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s ? `${s}S` : ""}`;
}

/**
 * A session duration between PT1H and PT12H, normalised (`PT90M` → `PT1H30M`) so that two ways
 * of writing the same duration are never a change.
 */
export function readSessionDuration(at: At, value: unknown): string | undefined {
  if (typeof value !== "string") {
    at.problem(`must be an ISO-8601 duration between PT1H and PT12H such as PT8H, got ${describe(value)}`);
    return undefined;
  }
  const seconds = parseIsoDuration(value);
  if (seconds === undefined) {
    at.problem(
      `must be an ISO-8601 duration between PT1H and PT12H such as PT8H or PT1H30M, got ${describe(value)}`,
    );
    return undefined;
  }
  if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
    at.problem(`must be between PT1H and PT12H, got ${value}`);
    return undefined;
  }
  return formatIsoDuration(seconds);
}

export function readDescription(at: At, value: unknown): string | undefined {
  const text = readText(at, value, { max: 700 });
  if (text === undefined) return undefined;
  if (!LATIN1.test(text)) {
    const bad = [...text].find((c) => !LATIN1.test(c)) ?? "";
    at.problem(`must use Latin-1 characters only (AWS rejects others), found ${JSON.stringify(bad)}`);
    return undefined;
  }
  return text;
}

/**
 * An inline policy given as a map or as JSON text, returned as compact JSON text within the
 * limits of PutInlinePolicyToPermissionSet.
 */
export function readInlinePolicy(at: At, value: unknown): string | undefined {
  let doc = value;
  if (typeof value === "string") {
    try {
      doc = JSON.parse(value) as unknown;
    } catch (err) {
      at.problem(`must be a JSON policy document: ${(err as Error).message}`);
      return undefined;
    }
  }
  if (!isObj(doc)) {
    at.problem(`must be a policy document (a map with Version and Statement), got ${describe(doc)}`);
    return undefined;
  }
  const statement = own(doc, "Statement");
  if (!isObj(statement) && !(Array.isArray(statement) && statement.length > 0)) {
    at.problem("must have a Statement (a statement or a non-empty list of them)");
    return undefined;
  }
  const text = JSON.stringify(doc);
  const bytes = Buffer.byteLength(text, "utf8");
  const dense = Buffer.byteLength(text.replace(/\s/g, ""), "utf8");
  if (bytes > INLINE_MAX_BYTES) {
    at.problem(`must be at most ${INLINE_MAX_BYTES} bytes as JSON, got ${bytes}`);
    return undefined;
  }
  if (dense > INLINE_MAX_NON_WHITESPACE) {
    at.problem(`must be at most ${INLINE_MAX_NON_WHITESPACE} bytes without whitespace, got ${dense}`);
    return undefined;
  }
  return text;
}

export function readManagedArn(at: At, value: unknown): string | undefined {
  const arn = readText(at, value, {
    pattern: MANAGED_POLICY_ARN,
    patternHint: "a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess",
  });
  if (arn === undefined) return undefined;
  const customer = /^arn:[^:]+:iam::\d{12}:policy\/(.*?)([^/]+)$/.exec(arn);
  if (customer) {
    // Identity Center attaches only AWS-managed policies by ARN; customer ones go by name and path.
    at.problem(
      `is a customer-managed policy ARN; use { name: ${customer[2]}, path: /${customer[1]} } under customerManagedPolicies (or customerManagedPolicy for a boundary)`,
    );
    return undefined;
  }
  return arn;
}

export function readPolicyReference(at: At, value: unknown): PolicyReference | undefined {
  const obj = readSection(at, value, "policy name and path ({ name, path })", ["name", "path"]);
  if (!obj) return undefined;
  const name = readText(at.at("name"), own(obj, "name"), {
    pattern: POLICY_NAME,
    patternHint: "an IAM policy name (1-128 of letters, digits, _+=,.@-)",
  });
  const path = readOptional(at, obj, "path", "/", (h, v) =>
    readText(h, v, {
      max: 512,
      pattern: POLICY_PATH,
      patternHint: 'an IAM path that starts and ends with "/"',
    }),
  );
  return name !== undefined && path !== undefined ? { name, path } : undefined;
}

export function readBoundary(at: At, value: unknown): PermissionsBoundary | undefined {
  const obj = readSection(at, value, "one of managedPolicyArn or customerManagedPolicy", [
    "managedPolicyArn",
    "customerManagedPolicy",
  ]);
  if (!obj) return undefined;
  const arn = own(obj, "managedPolicyArn");
  const ref = own(obj, "customerManagedPolicy");
  if ((arn === undefined) === (ref === undefined)) {
    at.problem("must set exactly one of managedPolicyArn or customerManagedPolicy");
    return undefined;
  }
  if (arn !== undefined) {
    const managedPolicyArn = readManagedArn(at.at("managedPolicyArn"), arn);
    return managedPolicyArn === undefined ? undefined : { managedPolicyArn };
  }
  const customerManagedPolicy = readPolicyReference(at.at("customerManagedPolicy"), ref);
  return customerManagedPolicy === undefined ? undefined : { customerManagedPolicy };
}
