/**
 * Chart values that can switch SSO off or around it: the one table the config loader
 * (stacks/schema-argo.ts, refusing them in `argo-sso:argocd.values` / `argo-sso:workflows.values`)
 * and the policy pack (on the rendered values of every release) both read. Self-contained, as
 * everything under policy/ must be.
 *
 * The class (issue 14): anything that changes how either server authenticates, which identity
 * providers or local accounts exist, where RBAC comes from, whether the ConfigMaps and Secrets
 * that carry them are rendered, or that adds objects beside the chart's. Derived from
 * - the charts' own values.yaml (argo-helm argo-cd-10.1.1 and argo-workflows-1.0.18; key trees in
 *   test/fixtures/charts/*.keys.json): `configs.*.create`, `extraObjects`, per-component image,
 *   args, env, extra containers and volumes;
 * - Argo CD v3.4.4 settings keys (util/settings/settings.go, util/settings/accounts.go): `url`,
 *   `additionalUrls`, `dex.config`, `oidc.config`, `oidc.tls.insecure.skip.verify`,
 *   `users.anonymous.enabled`, `users.session.duration`, `admin.enabled`, `accounts.<name>`,
 *   `server.rbac.*`; its RBAC loader (util/rbac/rbac.go `PolicyCSV`: every `policy.*.csv` key
 *   is appended); and its command parameters (docs/operator-manual/argocd-cmd-params-cm.yaml:
 *   `server.disable.auth`, `server.dex.server*`, `dexserver.*`, `server.basehref`,
 *   `server.rootpath`);
 * - Argo Workflows v4.0.6 argo-server flags (`--auth-mode`, set through `server.extraArgs`, and
 *   `ARGO_*` environment variables through `server.extraEnv`).
 *
 * A rule names a path; `"*"` matches any one key, filtered by `keys` when given.
 */

export type BypassChart = "argo-cd" | "argo-workflows";

export interface BypassRule {
  readonly chart: BypassChart;
  readonly path: readonly string[];
  /** Which keys a `"*"` segment matches. @default every key */
  readonly keys?: RegExp;
  /** What the key can do, for the message. */
  readonly why: string;
}

const AUTH_SETTINGS =
  /^(url|additionalUrls|dex\.config|oidc\.config|oidc\.tls\.insecure\.skip\.verify|admin\.enabled|users\..+|accounts\..+|server\.rbac\..+)$/;
const AUTH_PARAMS =
  /^(server\.disable\.auth|server\.dex\.server.*|dexserver\..+|server\.basehref|server\.rootpath)$/;
const POD_OVERRIDES = [
  "image",
  "extraArgs",
  "env",
  "envFrom",
  "extraContainers",
  "initContainers",
  "volumes",
  "volumeMounts",
];
const WF_POD_OVERRIDES = [
  "image",
  "extraArgs",
  "extraEnv",
  "extraContainers",
  "extraInitContainers",
  "volumes",
  "volumeMounts",
];

export const BYPASS_RULES: readonly BypassRule[] = [
  {
    chart: "argo-cd",
    path: ["configs", "cm", "*"],
    keys: AUTH_SETTINGS,
    why: "an Argo CD setting for login, identity providers, local accounts or RBAC",
  },
  { chart: "argo-cd", path: ["configs", "cm", "create"], why: "decides whether argocd-cm is rendered" },
  {
    chart: "argo-cd",
    path: ["configs", "rbac", "*"],
    why: "argocd-rbac-cm: Argo CD appends every policy.*.csv key to policy.csv",
  },
  {
    chart: "argo-cd",
    path: ["configs", "params", "*"],
    keys: AUTH_PARAMS,
    why: "an argocd-server or Dex command parameter that changes authentication or the URL it runs under",
  },
  {
    chart: "argo-cd",
    path: ["configs", "params", "create"],
    why: "decides whether argocd-cmd-params-cm is rendered",
  },
  {
    chart: "argo-cd",
    path: ["configs", "secret", "*"],
    keys: /^(createSecret|argocdServerAdminPassword|argocdServerAdminPasswordMtime|extra)$/,
    why: "argocd-secret: local account passwords, extra keys, or whether it is rendered",
  },
  { chart: "argo-cd", path: ["extraObjects"], why: "adds objects beside the chart's" },
  ...["server", "dex", "global"].flatMap((component) =>
    (component === "global" ? ["image", "env", "extraVolumes", "extraVolumeMounts"] : POD_OVERRIDES).map(
      (key): BypassRule => ({
        chart: "argo-cd",
        path: [component, key],
        why: `changes what the ${component === "global" ? "Argo CD" : `argocd-${component}`} pods run (e.g. --disable-auth, ARGOCD_SERVER_DISABLE_AUTH)`,
      }),
    ),
  ),
  ...WF_POD_OVERRIDES.map((key): BypassRule => ({
    chart: "argo-workflows",
    path: ["server", key],
    why: "changes what argo-server runs (e.g. --auth-mode=server)",
  })),
  { chart: "argo-workflows", path: ["extraObjects"], why: "adds objects beside the chart's" },
];

/** `configs.params."server.disable.auth"`: a path the way a user writes it in values. */
export function formatBypassPath(path: readonly string[]): string {
  return path.map((s) => (/^[A-Za-z_][\w-]*$/.test(s) ? s : JSON.stringify(s))).join(".");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every path of `values` a rule of `chart` matches, with the rule, in table order. */
export function findBypassKeys(
  values: unknown,
  chart: BypassChart,
): { readonly path: readonly string[]; readonly rule: BypassRule }[] {
  const hits: { path: readonly string[]; rule: BypassRule }[] = [];
  for (const rule of BYPASS_RULES.filter((r) => r.chart === chart)) {
    let frontier: { node: unknown; path: string[] }[] = [{ node: values, path: [] }];
    for (const segment of rule.path) {
      const next: { node: unknown; path: string[] }[] = [];
      for (const { node, path } of frontier) {
        if (!isRecord(node)) continue;
        const keys =
          segment === "*" ? Object.keys(node).filter((k) => rule.keys?.test(k) ?? true) : [segment];
        for (const key of keys) {
          if (Object.prototype.hasOwnProperty.call(node, key))
            next.push({ node: node[key], path: [...path, key] });
        }
      }
      frontier = next;
    }
    for (const { path } of frontier) hits.push({ path, rule });
  }
  return hits;
}

/**
 * The keys argo-sso itself sets on each chart (components/helm-values.ts `*_MANAGED_PATHS`,
 * repeated here because the pack is self-contained); their values are checked by other policies.
 */
export const ARGO_SSO_SETS: Readonly<Record<BypassChart, readonly string[]>> = {
  "argo-cd": [
    "configs.cm.url",
    'configs.cm."dex.config"',
    'configs.cm."admin.enabled"',
    'configs.cm."users.anonymous.enabled"',
    'configs.rbac."policy.csv"',
    'configs.rbac."policy.default"',
    "configs.rbac.scopes",
    'configs.rbac."policy.matchMode"',
    "dex.env",
  ],
  "argo-workflows": [],
};

/**
 * Policy check on a Helm release's rendered values: every SSO-bypass key set beyond what argo-sso
 * sets itself. An `unsafeValues` acknowledgement in the stack config does not reach the pack, so
 * an acknowledged key is still a violation (mandatory in prod, advisory in dev).
 */
export function checkSsoBypassValues(chart: string, values: Record<string, unknown>): string[] {
  if (chart !== "argo-cd" && chart !== "argo-workflows") return [];
  return findBypassKeys(values, chart)
    .map(({ path, rule }) => ({ path: formatBypassPath(path), rule }))
    .filter(({ path }) => !ARGO_SSO_SETS[chart].includes(path))
    .map(({ path, rule }) => `${chart} values set ${path}, which can bypass SSO (${rule.why})`);
}
