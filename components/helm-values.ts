/**
 * Pure helpers for Helm values: the keys this program manages for SSO, the check that user
 * values (`argo-sso:argocd.values`, `argo-sso:workflows.values`) do not override them, and the
 * merge that puts the managed keys on top.
 *
 * A path is a list of map keys; chart keys that contain dots (`configs.cm."dex.config"`) are
 * single segments.
 */

export type ValuePath = readonly string[];

/** Keys of the argo-cd chart that carry the SSO set-up; a user value may not set them. */
export const ARGOCD_MANAGED_PATHS: readonly ValuePath[] = [
  ["configs", "cm", "url"],
  ["configs", "cm", "dex.config"],
  ["configs", "cm", "admin.enabled"],
  ["configs", "cm", "users.anonymous.enabled"],
  ["configs", "rbac", "policy.csv"],
  ["configs", "rbac", "policy.default"],
  ["configs", "rbac", "scopes"],
  ["dex", "enabled"],
  ["dex", "env"],
  ["dex", "livenessProbe", "enabled"],
  ["dex", "readinessProbe", "enabled"],
  ["dex", "podAnnotations", "argo-sso/client-secret-checksum"],
  ["crds", "keep"],
];

/** Keys of the argo-workflows chart that carry the SSO set-up. */
export const WORKFLOWS_MANAGED_PATHS: readonly ValuePath[] = [
  ["server", "authModes"],
  ["server", "authMode"],
  ["server", "sso"],
  ["server", "podAnnotations", "argo-sso/client-secret-checksum"],
  ["crds", "keep"],
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Renders a path the way a user would write it in a stack file: `configs.cm."dex.config"`. */
export function formatValuePath(path: ValuePath): string {
  return path.map((segment) => (/^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment))).join(".");
}

/**
 * Returns every managed path that `values` sets (or sets a parent of with a non-map value),
 * formatted with {@link formatValuePath}, in the order of `managed`.
 */
export function findManagedOverrides(values: unknown, managed: readonly ValuePath[]): string[] {
  const hits: string[] = [];
  for (const path of managed) {
    let node: unknown = values;
    for (let i = 0; i < path.length; i++) {
      if (!isPlainObject(node) || !(path[i] in node)) break;
      node = node[path[i]];
      const last = i === path.length - 1;
      if (last || !isPlainObject(node)) {
        hits.push(formatValuePath(path.slice(0, i + 1)));
        break;
      }
    }
  }
  return [...new Set(hits)];
}

/**
 * Deep-merges `top` over `base`: maps merge key by key, anything else in `top` wins.
 * Neither argument is modified.
 */
export function mergeValues(
  base: Readonly<Record<string, unknown>>,
  top: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeValues(current, value) : value;
  }
  return out;
}
