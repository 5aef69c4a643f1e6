/**
 * Pure helpers for Helm values: the keys this program manages for SSO, the check that user
 * values (`argo-sso:argocd.values`, `argo-sso:workflows.values`) do not override them, and the
 * merge that puts the managed keys on top.
 *
 * A path is a list of map keys; chart keys that contain dots (`configs.cm."dex.config"`) are
 * single segments.
 */

export type ValuePath = readonly string[];

/** The Dex and argo-server pod annotation whose value changes with the shared client secret. */
export const CLIENT_SECRET_CHECKSUM_ANNOTATION = "argo-sso/client-secret-checksum";

/**
 * Keys of the argo-cd chart that carry the SSO set-up: exactly the keys `ArgoCd` sets (besides
 * `global.domain`, a default the user may change). A user value may not set them.
 */
export const ARGOCD_MANAGED_PATHS: readonly ValuePath[] = [
  ["configs", "cm", "url"],
  ["configs", "cm", "dex.config"],
  ["configs", "cm", "admin.enabled"],
  ["configs", "cm", "users.anonymous.enabled"],
  ["configs", "rbac", "policy.csv"],
  ["configs", "rbac", "policy.default"],
  ["configs", "rbac", "scopes"],
  // The policy is written for glob matching (the chart's default) and tested that way.
  ["configs", "rbac", "policy.matchMode"],
  ["dex", "enabled"],
  ["dex", "env"],
  ["dex", "livenessProbe", "enabled"],
  ["dex", "readinessProbe", "enabled"],
  ["dex", "podAnnotations", CLIENT_SECRET_CHECKSUM_ANNOTATION],
  ["crds", "keep"],
];

/**
 * Keys of the argo-workflows chart that carry the SSO set-up: exactly the keys `ArgoWorkflows`
 * sets. `server.authMode` (deprecated) is set to `""` so that `server.authModes` alone decides.
 */
export const WORKFLOWS_MANAGED_PATHS: readonly ValuePath[] = [
  ["server", "authModes"],
  ["server", "authMode"],
  ["server", "sso"],
  ["server", "podAnnotations", CLIENT_SECRET_CHECKSUM_ANNOTATION],
  // argo-sso applies the full CRDs itself (components/workflows-crds.ts).
  ["crds", "install"],
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Renders a path the way a user would write it in a stack file: `configs.cm."dex.config"`. */
export function formatValuePath(path: ValuePath): string {
  return path
    .map((segment) => (/^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment)))
    .join(".");
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

/**
 * One problem per managed key that `userValues` sets, each naming the full config key, e.g.
 * `argo-sso:argocd.values.configs.cm."dex.config": is managed by argo-sso for SSO; remove it`.
 */
export function managedOverrideProblems(
  userValues: unknown,
  managed: readonly ValuePath[],
  configKey: string,
): string[] {
  return findManagedOverrides(userValues, managed).map(
    (path) => `${configKey}.${path}: is managed by argo-sso for SSO; remove it`,
  );
}

/**
 * The values of a release: `defaults` (which the user may change), then the user's values, then
 * the managed keys on top. Throws one error listing every managed key the user's values set.
 */
export function releaseValues(
  defaults: Readonly<Record<string, unknown>>,
  userValues: Readonly<Record<string, unknown>>,
  managedValues: Readonly<Record<string, unknown>>,
  managed: readonly ValuePath[],
  configKey: string,
): Record<string, unknown> {
  const problems = managedOverrideProblems(userValues, managed, configKey);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return mergeValues(mergeValues(defaults, userValues), managedValues);
}

/**
 * Every path that `values` sets, down to non-map values (lists and scalars are leaves; an empty
 * map is a leaf too), in insertion order.
 */
export function leafPaths(values: unknown, prefix: ValuePath = []): ValuePath[] {
  if (!isPlainObject(values) || (Object.keys(values).length === 0 && prefix.length > 0)) return [prefix];
  return Object.entries(values).flatMap(([key, value]) => leafPaths(value, [...prefix, key]));
}
