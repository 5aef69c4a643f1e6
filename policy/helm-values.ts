/**
 * Pure helpers that read the Helm releases of the argo-sso program as the policy engine sees
 * them (`props` of a `kubernetes:helm.sh/v3:Release`), plus the generic value walker the
 * policies share.
 *
 * The pack is self-contained on purpose: a published policy pack is uploaded as this folder
 * alone, so nothing here may import from outside `policy/`.
 */
import * as YAML from "yaml";

/** Resource types that install a Helm chart (Release, and the Chart components of the k8s SDK). */
export const HELM_TYPES: readonly string[] = [
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:helm.sh/v4:Chart",
];

/** Chart names of the two charts this program configures for SSO. */
export const ARGOCD_CHART = "argo-cd";
export const WORKFLOWS_CHART = "argo-workflows";

/** A path into a values tree, one segment per map key or list index. */
export type ValuePath = readonly (string | number)[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `configs.cm."dex.config"`, `server.authModes[0]`: a path the way a user writes it in values. */
export function formatPath(path: ValuePath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += (out ? "." : "") + (/^[A-Za-z_][\w-]*$/.test(segment) ? segment : JSON.stringify(segment));
  }
  return out;
}

/** The value at `path` in `root`, or undefined when any step is missing. */
export function getPath(root: unknown, path: ValuePath): unknown {
  let node: unknown = root;
  for (const segment of path) {
    if (typeof segment === "number") {
      if (!Array.isArray(node)) return undefined;
      node = node[segment];
    } else {
      if (!isRecord(node)) return undefined;
      node = node[segment];
    }
  }
  return node;
}

/** Calls `visit` for every string leaf of `value`, depth first, in key order. */
export function walkStrings(
  value: unknown,
  visit: (path: ValuePath, text: string) => void,
  at: ValuePath = [],
): void {
  if (typeof value === "string") visit(at, value);
  else if (Array.isArray(value)) value.forEach((item, i) => walkStrings(item, visit, [...at, i]));
  else if (isRecord(value))
    for (const [key, item] of Object.entries(value)) walkStrings(item, visit, [...at, key]);
}

/** The last map key of a path (list indexes skipped): `redirectURIs` for `...redirectURIs[0]`. */
export function lastKey(path: ValuePath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === "string") return segment;
  }
  return "";
}

/** The chart's bare name: `argo-cd` for `argo-cd`, `argo/argo-cd` or `oci://ghcr.io/argoproj/argo-helm/argo-cd`. */
export function chartName(props: Record<string, unknown>): string {
  const chart = typeof props.chart === "string" ? props.chart : "";
  return chart.split("/").pop() ?? "";
}

/** Whether a resource installs a Helm chart, and which. */
export function helmChart(type: string, props: Record<string, unknown>): string | undefined {
  return HELM_TYPES.includes(type) ? chartName(props) : undefined;
}

/** The release's values tree (`{}` when none were given inline). */
export function releaseValues(props: Record<string, unknown>): Record<string, unknown> {
  return isRecord(props.values) ? props.values : {};
}

/** Where Argo CD reads the Dex configuration in the argo-cd chart. */
export const DEX_CONFIG_PATH: ValuePath = ["configs", "cm", "dex.config"];

export type DexConfig =
  | { readonly kind: "absent" }
  | { readonly kind: "parsed"; readonly config: Record<string, unknown> }
  | { readonly kind: "invalid"; readonly error: string };

/**
 * The Dex configuration of an argo-cd release: `configs.cm."dex.config"` is YAML text (Argo CD
 * parses it), but a map is accepted too since Helm would render one.
 */
export function dexConfig(values: Record<string, unknown>): DexConfig {
  const raw = getPath(values, DEX_CONFIG_PATH);
  if (raw === undefined || raw === null || raw === "") return { kind: "absent" };
  if (isRecord(raw)) return { kind: "parsed", config: raw };
  if (typeof raw !== "string") return { kind: "invalid", error: `expected YAML text, got ${typeof raw}` };
  try {
    const parsed: unknown = YAML.parse(raw);
    return isRecord(parsed)
      ? { kind: "parsed", config: parsed }
      : { kind: "invalid", error: "the YAML is not a map" };
  } catch (err) {
    return { kind: "invalid", error: (err as Error).message.split("\n")[0] };
  }
}

/** Dex connectors, each with the index it has in the `connectors` list. */
export function dexConnectors(
  config: Record<string, unknown>,
): { index: number; connector: Record<string, unknown> }[] {
  const list = Array.isArray(config.connectors) ? config.connectors : [];
  return list.flatMap((connector, index) => (isRecord(connector) ? [{ index, connector }] : []));
}

/** `connectors[0] ("aws-identity-center")`: how a message names a connector. */
export function connectorLabel(index: number, connector: Record<string, unknown>): string {
  return typeof connector.id === "string"
    ? `connectors[${index}] (${JSON.stringify(connector.id)})`
    : `connectors[${index}]`;
}

/**
 * Every string of a release's values, with the Dex configuration parsed and walked in place of
 * its text, so a check sees `configs.cm."dex.config".connectors[0].config.ssoURL` as a value.
 */
export function walkReleaseStrings(
  values: Record<string, unknown>,
  visit: (path: ValuePath, text: string) => void,
): void {
  const dex = dexConfig(values);
  walkStrings(values, (path, text) => {
    if (dex.kind === "parsed" && formatPath(path) === formatPath(DEX_CONFIG_PATH)) {
      walkStrings(dex.config, (inner, innerText) => visit([...path, ...inner], innerText));
    } else {
      visit(path, text);
    }
  });
}
