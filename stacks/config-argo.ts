/**
 * `argo-sso:cluster`, `argo-sso:argocd`, `argo-sso:workflows` and `argo-sso:clientSecret`: the
 * Kubernetes side of the config, checked against Argo CD 3.4 / Argo Workflows 4.0 behaviour
 * (FIELD-NOTES.md) and the chart keys argo-sso manages (components/helm-values.ts).
 */
import type { ArgoCdSpec, ClientSecretSpec, ClusterSpec, DexLogLevel, WorkflowsSpec } from "./types";
import {
  ARGOCD_MANAGED_PATHS,
  WORKFLOWS_MANAGED_PATHS,
  findManagedOverrides,
  type ValuePath,
} from "../components/helm-values";
import { RESERVED_DEX_CLIENT_IDS } from "../components/dex-config";
import { findBypassKeys, formatBypassPath, type BypassChart } from "../policy/sso-bypass";
import { At, describe, own, type Obj } from "./config-read";
import {
  complete,
  readBool,
  readChoice,
  readHttpsUrl,
  readList,
  readObj,
  readOptional,
  readPositiveInt,
  readSection,
  readText,
} from "./config-values";
import { readArgoCdRole, readRoles } from "./config-argocd-rbac";
import { readServerIngress } from "./config-ingress";
import { argoCdIngressEntries, workflowsIngressEntries } from "../components/ingress-values";

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** A Go `time.ParseDuration` value without sign: `8h`, `10h30m`, `90m`, `1.5h`. */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const STACK_NAME = /^[\w.-]+\/[\w.-]+\/[\w.-]+$/;
/** The stack output read when `cluster.stackReference.output` is not given. */
export const DEFAULT_STACK_REFERENCE_OUTPUT = "kubeconfig";

/** Chart versions argo-sso is tested with (the pinned charts in test/fixtures). */
export const TESTED_CHART_VERSIONS = { argocd: "10.1.1", workflows: "1.0.18" } as const;
const DEX_LOG_LEVELS: readonly DexLogLevel[] = ["debug", "info", "warn", "error"];

/** The config key to set instead of each managed chart value (formatted path → advice). */
const MANAGED_ADVICE: Readonly<Record<string, string>> = {
  "configs.cm.url": "set argo-sso:argocd.url instead",
  'configs.cm."dex.config"': "argo-sso generates it from argo-sso:identityCenter.samlApplication; remove it",
  'configs.cm."admin.enabled"': "set argo-sso:argocd.adminEnabled instead",
  'configs.cm."users.anonymous.enabled"': "set argo-sso:argocd.anonymousEnabled instead",
  'configs.rbac."policy.csv"': "set argo-sso:groups.<group>.argocd and argo-sso:argocd.roles instead",
  'configs.rbac."policy.default"': "set argo-sso:argocd.defaultRole instead",
  'dex.podAnnotations."argo-sso/client-secret-checksum"': "change argo-sso:clientSecret.rotation instead",
  'server.podAnnotations."argo-sso/client-secret-checksum"': "change argo-sso:clientSecret.rotation instead",
  "server.authModes": "set argo-sso:workflows.authModes instead",
  "server.authMode": "set argo-sso:workflows.authModes instead",
  "crds.install":
    "argo-sso applies the full CRDs itself from vendor/ (the chart's would be downloaded at install time); remove it",
  "server.sso":
    "set argo-sso:workflows.url, argo-sso:workflows.sessionExpiry and argo-sso:clientSecret instead",
};

function readValues(
  at: At,
  value: unknown,
  managed: readonly ValuePath[],
  chart: BypassChart,
  unsafe: readonly string[],
): Obj | undefined {
  const obj = readObj(at, value, "chart values");
  if (!obj) return undefined;
  const hits = findManagedOverrides(obj, managed);
  for (const path of hits)
    at.problemBelow(path, `managed by argo-sso; ${MANAGED_ADVICE[path] ?? "remove it"}`);
  const bypass = bypassProblems(obj, chart, hits, unsafe);
  for (const { path, message } of bypass) at.problemBelow(path, message);
  return hits.length === 0 && bypass.length === 0 ? obj : undefined;
}

/**
 * The SSO-bypass keys (policy/sso-bypass.ts) that `values` sets and `unsafeValues` does not
 * acknowledge, skipping keys already reported as managed. Pure, for tests and issue 12's schema.
 */
export function bypassProblems(
  values: Obj,
  chart: BypassChart,
  managedHits: readonly string[],
  unsafe: readonly string[],
): { path: string; message: string }[] {
  const key = chart === "argo-cd" ? "argo-sso:argocd.unsafeValues" : "argo-sso:workflows.unsafeValues";
  return findBypassKeys(values, chart)
    .map(({ path, rule }) => ({ path: formatBypassPath(path), rule }))
    .filter(({ path }) => !managedHits.includes(path) && !unsafe.includes(path))
    .map(({ path, rule }) => ({
      path,
      message: `can bypass argo-sso's SSO set-up (${rule.why}); remove it, or acknowledge it by listing ${path} in ${key} (the prod policy pack still denies it)`,
    }));
}

/** `unsafeValues`: value paths (as problems print them) that the stack deliberately sets. */
function readUnsafeValues(at: At, value: unknown): string[] | undefined {
  const list = readList(at, value, 'value paths such as "server.extraArgs"');
  if (!list) return undefined;
  const paths = list.map((item, i) => readText(at.at(i), item));
  return paths.includes(undefined) ? undefined : (paths as string[]);
}

/** Every `unsafeValues` entry must name a bypass key the values set: a stale entry is reported. */
function checkUnsafeValues(
  at: At,
  unsafe: readonly string[],
  values: Obj | undefined,
  chart: BypassChart,
): void {
  if (values === undefined) return;
  const set = findBypassKeys(values, chart).map(({ path }) => formatBypassPath(path));
  unsafe.forEach((path, i) => {
    if (!set.includes(path)) {
      at.at(i).problem(
        `${JSON.stringify(path)} is not an SSO-bypass key that values sets${set.length ? `; values sets: ${set.join(", ")}` : ""}`,
      );
    }
  });
}

/** Reads `argo-sso:cluster`: `{}` (ambient), `kubeconfig` or `stackReference`, `context` with either. */
export function readCluster(at: At, value: unknown): ClusterSpec | undefined {
  const obj = readSection(at, value, "kubeconfig, stackReference and context ({} = the ambient kubeconfig)", [
    "kubeconfig",
    "stackReference",
    "context",
  ]);
  if (!obj) return undefined;
  const context = readOptional(at, obj, "context", undefined, readText);
  const kubeconfig = own(obj, "kubeconfig");
  const reference = own(obj, "stackReference");
  if (kubeconfig !== undefined && reference !== undefined) {
    at.problem("set kubeconfig or stackReference, not both");
    return undefined;
  }
  if (own(obj, "context") !== undefined && context === undefined) return undefined;
  if (kubeconfig !== undefined) {
    const text = readText(at.at("kubeconfig"), kubeconfig);
    return text === undefined ? undefined : { kind: "kubeconfig", kubeconfig: text, context };
  }
  if (reference === undefined) return { kind: "ambient", context };
  const ref = readSection(at.at("stackReference"), reference, "stack and output", ["stack", "output"]);
  if (!ref) return undefined;
  const stack = readText(at.at("stackReference", "stack"), own(ref, "stack"), {
    pattern: STACK_NAME,
    patternHint: "a fully qualified stack name, <org>/<project>/<stack>",
  });
  const output = readOptional(
    at.at("stackReference"),
    ref,
    "output",
    DEFAULT_STACK_REFERENCE_OUTPUT,
    readText,
  );
  if (stack === undefined || output === undefined) return undefined;
  return { kind: "stackReference", stack, output, context };
}

/** Namespaces Kubernetes itself uses; a release there mixes SSO with cluster components. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];

function systemNamespaceCheck(at: At, namespace: string | undefined): string | undefined {
  if (namespace !== undefined && SYSTEM_NAMESPACES.includes(namespace)) {
    at.problem(
      `${namespace} belongs to Kubernetes itself: argo-sso creates, protects and may delete this namespace; choose a namespace of its own`,
    );
    return undefined;
  }
  return namespace;
}

/** Seconds of a Go duration (`8h`, `10h30m`, `1.5h`), for bounds checks. */
export function goDurationSeconds(text: string): number {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, amount, , u] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(amount) * unit[u];
  return total;
}

/** argo-server session lifetime bounds: a minute at least, a week at most. */
const SESSION_EXPIRY_SECONDS = { min: 60, max: 7 * 24 * 3600 };

interface ReleaseDefaults {
  readonly namespace: string;
  readonly releaseName: string;
  readonly chartVersion: string;
  readonly managed: readonly ValuePath[];
  readonly chart: BypassChart;
}

const DNS_LABEL_HINT = "a DNS-1123 label (lowercase letters, digits, -)";

/** The keys `argocd` and `workflows` share: url, namespace, release, chart, timeout, values. */
function readRelease(at: At, obj: Obj, defaults: ReleaseDefaults) {
  const url =
    own(obj, "url") === undefined ? undefined : readHttpsUrl(at.at("url"), own(obj, "url"), { origin: true });
  if (own(obj, "url") === undefined) {
    at.at("url").problem("required: the https URL people open, e.g. https://argocd.example.com");
  }
  const namespace = readOptional(at, obj, "namespace", defaults.namespace, (h, v) =>
    systemNamespaceCheck(h, readText(h, v, { max: 63, pattern: DNS1123_LABEL, patternHint: DNS_LABEL_HINT })),
  );
  const releaseName = readOptional(at, obj, "releaseName", defaults.releaseName, (h, v) =>
    readText(h, v, { max: 53, pattern: DNS1123_LABEL, patternHint: DNS_LABEL_HINT }),
  );
  const chartVersion = readOptional(at, obj, "chartVersion", defaults.chartVersion, (h, v) =>
    readText(h, v, { pattern: SEMVER, patternHint: "a chart version like 1.2.3" }),
  );
  if (chartVersion !== undefined && chartVersion !== defaults.chartVersion) {
    at.at("chartVersion").warn(
      `argo-sso is tested with chart ${defaults.chartVersion}; check the managed keys still exist`,
    );
  }
  const timeoutSeconds = readOptional(at, obj, "timeoutSeconds", 600, readPositiveInt);
  const unsafe = readOptional(at, obj, "unsafeValues", [], readUnsafeValues);
  const values = readOptional(at, obj, "values", {}, (h, v) =>
    readValues(h, v, defaults.managed, defaults.chart, unsafe ?? []),
  );
  if (unsafe !== undefined && values !== undefined)
    checkUnsafeValues(at.at("unsafeValues"), unsafe, values, defaults.chart);
  return { url, namespace, releaseName, chartVersion, timeoutSeconds, values };
}

const RELEASE_KEYS = [
  "url",
  "namespace",
  "releaseName",
  "chartVersion",
  "timeoutSeconds",
  "values",
  "unsafeValues",
];
const ARGOCD_KEYS = [
  ...RELEASE_KEYS,
  "defaultRole",
  "adminEnabled",
  "anonymousEnabled",
  "dexLogLevel",
  "roles",
  "ingress",
];

/** What `argo-sso:argocd` yields: the spec when valid, and the custom role names for references. */
export interface ArgoCdResult {
  readonly spec?: ArgoCdSpec;
  /** Custom role names present, or undefined when `roles` is unreadable. */
  readonly roleNames: readonly string[] | undefined;
}

export function readArgoCd(at: At, value: unknown): ArgoCdResult {
  const required = "at least url, e.g. { url: https://argocd.example.com }";
  const obj = readSection(at, value, "Argo CD settings", ARGOCD_KEYS, required);
  if (!obj) return { roleNames: undefined };
  const release = readRelease(at, obj, {
    namespace: "argocd",
    releaseName: "argocd",
    chartVersion: TESTED_CHART_VERSIONS.argocd,
    managed: ARGOCD_MANAGED_PATHS,
    chart: "argo-cd",
  });
  const { names: roleNames, roles } =
    own(obj, "roles") === undefined ? { names: [], roles: {} } : readRoles(at.at("roles"), own(obj, "roles"));
  const defaultRole = readOptional(at, obj, "defaultRole", "", (h, v) =>
    readArgoCdRole(h, v, roleNames, true),
  );
  if (defaultRole === "role:admin") {
    at.at("defaultRole").warn(
      'every user who can log in becomes an Argo CD admin; prefer "" and grant groups roles',
    );
  }
  const anonymousEnabled = readOptional(at, obj, "anonymousEnabled", false, readBool);
  if (anonymousEnabled === true) {
    at.at("anonymousEnabled").warn(
      `anyone who reaches the URL gets defaultRole ${JSON.stringify(defaultRole ?? "")} without logging in`,
    );
  }
  const spec = complete({
    ...release,
    defaultRole,
    adminEnabled: readOptional(at, obj, "adminEnabled", true, readBool),
    anonymousEnabled,
    dexLogLevel: readOptional(at, obj, "dexLogLevel", "info", (h, v) => readChoice(h, v, DEX_LOG_LEVELS)),
    roles,
  });
  const { ingress } = readServerIngress(at, obj, release.url, release.values, (i, url) =>
    argoCdIngressEntries(i, url),
  );
  return { spec: spec && ingress ? { ...spec, ingress } : spec, roleNames };
}

function readAuthModes(at: At, value: unknown): ("sso" | "client")[] | undefined {
  const list = readList(at, value, "auth modes (sso, client)");
  if (!list) return undefined;
  const modes = list.map((mode, i) => {
    if (mode === "server") {
      at.at(i).problem(
        "server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)",
      );
      return undefined;
    }
    return readChoice<"sso" | "client">(at.at(i), mode, ["sso", "client"]);
  });
  if (modes.includes(undefined)) return undefined;
  if (!modes.includes("sso")) {
    at.problem(
      `must include sso (argo-sso sets up SSO; client alone would leave it unused), got ${describe(list.join(", "))}`,
    );
    return undefined;
  }
  return [...new Set(modes as ("sso" | "client")[])];
}

const WORKFLOWS_KEYS = [...RELEASE_KEYS, "sessionExpiry", "authModes", "ingress", "artifactSecrets"];

export function readWorkflows(at: At, value: unknown): WorkflowsSpec | undefined {
  const required = "at least url, e.g. { url: https://workflows.example.com }";
  const obj = readSection(at, value, "Argo Workflows settings", WORKFLOWS_KEYS, required);
  if (!obj) return undefined;
  const release = readRelease(at, obj, {
    namespace: "argo",
    releaseName: "argo-workflows",
    chartVersion: TESTED_CHART_VERSIONS.workflows,
    managed: WORKFLOWS_MANAGED_PATHS,
    chart: "argo-workflows",
  });
  const sessionExpiry = readOptional(at, obj, "sessionExpiry", "8h", (h, v) => {
    const text = readText(h, v, { pattern: GO_DURATION, patternHint: "a Go duration like 8h or 10h30m" });
    if (text === undefined) return undefined;
    const seconds = goDurationSeconds(text);
    if (seconds < SESSION_EXPIRY_SECONDS.min || seconds > SESSION_EXPIRY_SECONDS.max) {
      h.problem(`must be between 1m and 168h (a week), got ${text}`);
      return undefined;
    }
    return text;
  });
  const authModes = readOptional(at, obj, "authModes", ["sso" as const], readAuthModes);
  const artifactSecrets = readOptional(at, obj, "artifactSecrets", [], readArtifactSecrets);
  const { ingress } = readServerIngress(at, obj, release.url, release.values, (i, url) =>
    workflowsIngressEntries(i, url, release.releaseName ?? "argo-workflows"),
  );
  const spec = complete({ ...release, sessionExpiry, authModes, artifactSecrets });
  return spec && ingress ? { ...spec, ingress } : spec;
}

/** `artifactSecrets`: distinct Secret names (DNS-1123 subdomains). */
function readArtifactSecrets(at: At, value: unknown): string[] | undefined {
  const list = readList(at, value, "Secret names");
  if (!list) return undefined;
  const names = list.map((item, i) =>
    readText(at.at(i), item, {
      max: 253,
      pattern: DNS1123_SUBDOMAIN,
      patternHint: "a Secret name (DNS-1123 subdomain)",
    }),
  );
  if (names.includes(undefined)) return undefined;
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (seen.has(name as string)) at.at(i).problem(`duplicate Secret ${JSON.stringify(name)}`);
    seen.add(name as string);
  });
  return seen.size === names.length ? (names as string[]) : undefined;
}

/** The rotation value: text, or a number (YAML `rotation: 2`) as text. */
function readRotation(at: At, value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return readText(at, value, { max: 256 });
}

/**
 * Secrets the charts create in their namespaces (argo-helm argo-cd-10.1.1 templates: argocd-secret,
 * the notifications, Redis, initial-admin and TLS Secrets) that the client Secret must not
 * replace or be replaced by.
 */
export const CHART_SECRET_NAMES = [
  "argocd-secret",
  "argocd-initial-admin-secret",
  "argocd-notifications-secret",
  "argocd-redis",
  "argocd-repo-server-tls",
  "argocd-server-tls",
  "argocd-dex-server-tls",
];

/** Why the client Secret may not be called `name`, or undefined. */
export function secretNameProblem(name: string): string | undefined {
  if (CHART_SECRET_NAMES.includes(name)) {
    return `${JSON.stringify(name)} is a Secret the argo-cd chart owns; the two would overwrite each other (known: ${CHART_SECRET_NAMES.join(", ")})`;
  }
  if (name.endsWith(".service-account-token")) {
    return `names ending in .service-account-token are the Workflows SSO token Secrets argo-sso creates; choose another name`;
  }
  return undefined;
}

/** Reads `argo-sso:clientSecret` (all optional). */
export function readClientSecret(at: At, value: unknown): ClientSecretSpec | undefined {
  const obj = readSection(at, value, "rotation, clientId and secretName", [
    "rotation",
    "clientId",
    "secretName",
  ]);
  if (!obj) return undefined;
  const rotation = readOptional(at, obj, "rotation", "1", readRotation);
  const clientId = readOptional(at, obj, "clientId", "argo-workflows-sso", (h, v) =>
    readText(h, v, { max: 128, pattern: /^[A-Za-z0-9._-]+$/, patternHint: "letters, digits and ._-" }),
  );
  if (clientId !== undefined && RESERVED_DEX_CLIENT_IDS.includes(clientId)) {
    at.at("clientId").problem(
      `${JSON.stringify(clientId)} is one of Argo CD's own Dex clients (${RESERVED_DEX_CLIENT_IDS.join(", ")}); reusing it breaks Argo CD's login (argo-cd #19787)`,
    );
    return undefined;
  }
  const secretName = readOptional(at, obj, "secretName", "argo-workflows-sso", (h, v) =>
    readText(h, v, {
      max: 253,
      pattern: DNS1123_SUBDOMAIN,
      patternHint: "a DNS-1123 subdomain (lowercase letters, digits, - and .)",
    }),
  );
  if (secretName !== undefined) {
    const problem = secretNameProblem(secretName);
    if (problem !== undefined) {
      at.at("secretName").problem(problem);
      return undefined;
    }
  }
  return complete({ rotation, clientId, secretName });
}
