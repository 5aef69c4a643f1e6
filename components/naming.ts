/**
 * Pure helpers that derive Pulumi logical names (and readable labels) from stable config keys.
 *
 * A logical name is part of a resource's URN: changing it makes Pulumi delete the old resource
 * and create a new one. For Identity Center that means a new group GUID (every Argo binding
 * breaks) or an assignment that is removed and re-added (access cut in between; aws-ia
 * terraform-aws-iam-identity-center #33). So every list-derived name here is built from the
 * keys that identify the thing (group key, permission-set name, account ID), never from a list
 * position or a cloud-side ARN.
 *
 * Scheme: `<parent>-<role>` followed by `/<key>` for each identifying key, where each key is
 * passed through {@link encodeNamePart}. The encoding never emits `/`, so the key tuple can be
 * read back from the name; and roles are fixed words without `/`, so two roles never collide.
 */

/** Characters that {@link encodeNamePart} escapes: the escape itself, the key separator, and `:` (URNs use `::`). */
const ESCAPED = /[%/:]/g;

/**
 * Escapes one key so that it can sit between `/` separators: `%` → `%25`, `/` → `%2F`,
 * `:` → `%3A`; everything else is kept, so the usual keys (`platform-admins`, `Admin`,
 * `alice@example.com`, `111111111111`) read as they are. Injective, and the result never
 * contains `/` or `:`.
 */
export function encodeNamePart(key: string): string {
  return key.replace(ESCAPED, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Inverse of {@link encodeNamePart}. */
export function decodeNamePart(part: string): string {
  return part.replace(/%([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The logical name of a child: `<parent>-<role>` then `/<encoded key>` per key.
 * `childName("sso-ps/Admin", "assignment", "platform-admins", "111111111111")` is
 * `sso-ps/Admin-assignment/platform-admins/111111111111`.
 *
 * @param parent the parent component's own name
 * @param role a fixed kebab-case word naming what the child is (no `/`)
 * @param keys the stable keys that identify the child among its siblings of the same role
 */
export function childName(parent: string, role: string, ...keys: readonly string[]): string {
  if (!/^[a-z][a-z0-9-]*$/.test(role)) {
    throw new Error(`child role must be a kebab-case word, got ${JSON.stringify(role)}`);
  }
  return `${parent}-${role}${keys.map((key) => `/${encodeNamePart(key)}`).join("")}`;
}

const IAM_POLICY_ARN = /^arn:[a-z-]+:iam::(aws|\d{12}):policy\/(.+)$/;

/**
 * The identifying keys of a managed-policy attachment, from the policy ARN:
 * `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess` → `["aws", "job-function", "ViewOnlyAccess"]`
 * (owner, then the policy path and name). Readable and injective within one partition; an ARN
 * that does not look like an IAM policy ARN is kept whole as a single key.
 */
export function managedPolicyKeys(policyArn: string): string[] {
  const match = IAM_POLICY_ARN.exec(policyArn);
  if (!match) return [policyArn];
  return [match[1] as string, ...(match[2] as string).split("/")];
}

/**
 * The identifying keys of a customer-managed policy reference: its path segments and its name
 * (`{ path: "/team/", name: "deny-billing" }` → `["team", "deny-billing"]`). IAM requires the
 * path to start and end with `/`, so the segments plus the name identify the policy.
 */
export function customerPolicyKeys(reference: { readonly name: string; readonly path?: string }): string[] {
  const segments = (reference.path ?? "/").split("/").filter((s) => s !== "");
  return [...segments, reference.name];
}

/**
 * Kebab-case for readable labels (AWS CLI profile names): `PowerUserAccess` → `power-user-access`,
 * `EKSAdmin` → `eks-admin`, `My Sandbox` → `my-sandbox`. Returns `""` when nothing alphanumeric
 * is left; callers choose a fallback.
 */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
