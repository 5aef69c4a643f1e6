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
import {
  At,
  checkKeys,
  describe,
  own,
  readBool,
  readChoice,
  readHttpsUrl,
  readList,
  readObj,
  readPositiveInt,
  readText,
  type Obj,
} from "./config-read";
import { readArgoCdRole, readRoles } from "./config-argocd-rbac";

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** A Go `time.ParseDuration` value without sign: `8h`, `10h30m`, `90m`, `1.5h`. */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const STACK_NAME = /^[\w.-]+\/[\w.-]+\/[\w.-]+$/;

/** Chart versions argo-sso is tested with (the pinned charts in test/fixtures). */
export const TESTED_CHART_VERSIONS = { argocd: "10.1.1", workflows: "1.0.18" } as const;
/** Argo CD's own Dex client ids: reusing one breaks Argo CD's login (argo-cd #19787). */
export const RESERVED_CLIENT_IDS = ["argo-cd", "argo-cd-cli", "argo-cd-pkce"] as const;
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
  "server.sso":
    "set argo-sso:workflows.url, argo-sso:workflows.sessionExpiry and argo-sso:clientSecret instead",
};

function readValues(at: At, value: unknown, managed: readonly ValuePath[]): Obj | undefined {
  const obj = readObj(at, value, "chart values");
  if (!obj) return undefined;
  const hits = findManagedOverrides(obj, managed);
  for (const path of hits)
    at.problemBelow(path, `managed by argo-sso; ${MANAGED_ADVICE[path] ?? "remove it"}`);
  return hits.length === 0 ? obj : undefined;
}

/** Reads `argo-sso:cluster`: `{}` (ambient), `kubeconfig` or `stackReference`, `context` with either. */
export function readCluster(at: At, value: unknown): ClusterSpec | undefined {
  if (value === undefined) return { kind: "ambient" };
  const obj = readObj(at, value, "kubeconfig, stackReference and context ({} = the ambient kubeconfig)");
  if (!obj) return undefined;
  checkKeys(at, obj, ["kubeconfig", "stackReference", "context"]);
  const rawContext = own(obj, "context");
  const context = rawContext === undefined ? undefined : readText(at.at("context"), rawContext);
  if (rawContext !== undefined && context === undefined) return undefined;
  const kubeconfig = own(obj, "kubeconfig");
  const reference = own(obj, "stackReference");
  if (kubeconfig !== undefined && reference !== undefined) {
    at.problem("set kubeconfig or stackReference, not both");
    return undefined;
  }
  if (kubeconfig !== undefined) {
    const text = readText(at.at("kubeconfig"), kubeconfig);
    return text === undefined ? undefined : { kind: "kubeconfig", kubeconfig: text, context };
  }
  if (reference === undefined) return { kind: "ambient", context };
  const ref = readObj(at.at("stackReference"), reference, "stack and output");
  if (!ref) return undefined;
  checkKeys(at.at("stackReference"), ref, ["stack", "output"]);
  const stack = readText(at.at("stackReference", "stack"), own(ref, "stack"), {
    pattern: STACK_NAME,
    patternHint: "a fully qualified stack name, <org>/<project>/<stack>",
  });
  const rawOutput = own(ref, "output");
  const output =
    rawOutput === undefined ? "kubeconfig" : readText(at.at("stackReference", "output"), rawOutput);
  if (stack === undefined || output === undefined) return undefined;
  return { kind: "stackReference", stack, output, context };
}

interface ReleaseDefaults {
  readonly namespace: string;
  readonly releaseName: string;
  readonly chartVersion: string;
  readonly managed: readonly ValuePath[];
}

/** The keys `argocd` and `workflows` share: url, namespace, release, chart, timeout, values. */
function readRelease(at: At, obj: Obj, defaults: ReleaseDefaults) {
  const field = <T>(key: string, fallback: T, read: (here: At, v: unknown) => T | undefined) => {
    const value = own(obj, key);
    return value === undefined ? fallback : read(at.at(key), value);
  };
  const url =
    own(obj, "url") === undefined ? undefined : readHttpsUrl(at.at("url"), own(obj, "url"), { origin: true });
  if (own(obj, "url") === undefined)
    at.at("url").problem("required: the https URL people open, e.g. https://argocd.example.com");
  const namespace = field("namespace", defaults.namespace, (h, v) =>
    readText(h, v, {
      max: 63,
      pattern: DNS1123_LABEL,
      patternHint: "a DNS-1123 label (lowercase letters, digits, -)",
    }),
  );
  const releaseName = field("releaseName", defaults.releaseName, (h, v) =>
    readText(h, v, {
      max: 53,
      pattern: DNS1123_LABEL,
      patternHint: "a DNS-1123 label (lowercase letters, digits, -)",
    }),
  );
  const chartVersion = field("chartVersion", defaults.chartVersion, (h, v) =>
    readText(h, v, { pattern: SEMVER, patternHint: "a chart version like 1.2.3" }),
  );
  if (chartVersion !== undefined && chartVersion !== defaults.chartVersion) {
    at.at("chartVersion").warn(
      `argo-sso is tested with chart ${defaults.chartVersion}; check the managed keys still exist`,
    );
  }
  const timeoutSeconds = field("timeoutSeconds", 600, readPositiveInt);
  const values = field<Obj>("values", {}, (h, v) => readValues(h, v, defaults.managed));
  return { url, namespace, releaseName, chartVersion, timeoutSeconds, values };
}

function complete<T extends object>(fields: T): { [K in keyof T]: Exclude<T[K], undefined> } | undefined {
  return Object.values(fields).includes(undefined)
    ? undefined
    : (fields as { [K in keyof T]: Exclude<T[K], undefined> });
}

const ARGOCD_KEYS = [
  "url",
  "namespace",
  "releaseName",
  "chartVersion",
  "defaultRole",
  "adminEnabled",
  "anonymousEnabled",
  "dexLogLevel",
  "roles",
  "timeoutSeconds",
  "values",
];

/** What `argo-sso:argocd` yields: the spec when valid, and the custom role names for references. */
export interface ArgoCdResult {
  readonly spec?: ArgoCdSpec;
  /** Custom role names present, or undefined when `roles` is unreadable. */
  readonly roleNames: readonly string[] | undefined;
}

export function readArgoCd(at: At, value: unknown): ArgoCdResult {
  if (value === undefined) {
    at.problem("required: at least url, e.g. { url: https://argocd.example.com }");
    return { roleNames: undefined };
  }
  const obj = readObj(at, value, "Argo CD settings");
  if (!obj) return { roleNames: undefined };
  checkKeys(at, obj, ARGOCD_KEYS);
  const release = readRelease(at, obj, {
    namespace: "argocd",
    releaseName: "argocd",
    chartVersion: TESTED_CHART_VERSIONS.argocd,
    managed: ARGOCD_MANAGED_PATHS,
  });
  const { names: roleNames, roles } =
    own(obj, "roles") === undefined ? { names: [], roles: {} } : readRoles(at.at("roles"), own(obj, "roles"));
  const flag = (key: string, fallback: boolean) =>
    own(obj, key) === undefined ? fallback : readBool(at.at(key), own(obj, key));
  const defaultRole =
    own(obj, "defaultRole") === undefined
      ? ""
      : readArgoCdRole(at.at("defaultRole"), own(obj, "defaultRole"), roleNames, true);
  if (defaultRole === "role:admin") {
    at.at("defaultRole").warn(
      'every user who can log in becomes an Argo CD admin; prefer "" and grant groups roles',
    );
  }
  const anonymousEnabled = flag("anonymousEnabled", false);
  if (anonymousEnabled === true) {
    at.at("anonymousEnabled").warn(
      `anyone who reaches the URL gets defaultRole ${JSON.stringify(defaultRole ?? "")} without logging in`,
    );
  }
  const dexLogLevel =
    own(obj, "dexLogLevel") === undefined
      ? "info"
      : readChoice(at.at("dexLogLevel"), own(obj, "dexLogLevel"), DEX_LOG_LEVELS);
  const spec = complete({
    ...release,
    defaultRole,
    adminEnabled: flag("adminEnabled", true),
    anonymousEnabled,
    dexLogLevel,
    roles,
  });
  return { spec, roleNames };
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

const WORKFLOWS_KEYS = [
  "url",
  "namespace",
  "releaseName",
  "chartVersion",
  "sessionExpiry",
  "authModes",
  "timeoutSeconds",
  "values",
];

export function readWorkflows(at: At, value: unknown): WorkflowsSpec | undefined {
  if (value === undefined) {
    at.problem("required: at least url, e.g. { url: https://workflows.example.com }");
    return undefined;
  }
  const obj = readObj(at, value, "Argo Workflows settings");
  if (!obj) return undefined;
  checkKeys(at, obj, WORKFLOWS_KEYS);
  const release = readRelease(at, obj, {
    namespace: "argo",
    releaseName: "argo-workflows",
    chartVersion: TESTED_CHART_VERSIONS.workflows,
    managed: WORKFLOWS_MANAGED_PATHS,
  });
  const expiry = own(obj, "sessionExpiry");
  const sessionExpiry =
    expiry === undefined
      ? "8h"
      : readText(at.at("sessionExpiry"), expiry, {
          pattern: GO_DURATION,
          patternHint: "a Go duration like 8h or 10h30m",
        });
  const modes = own(obj, "authModes");
  const authModes = modes === undefined ? ["sso" as const] : readAuthModes(at.at("authModes"), modes);
  return complete({ ...release, sessionExpiry, authModes });
}

/** Reads `argo-sso:clientSecret` (all optional). */
export function readClientSecret(at: At, value: unknown): ClientSecretSpec | undefined {
  const obj = value === undefined ? {} : readObj(at, value, "rotation, clientId and secretName");
  if (!obj) return undefined;
  checkKeys(at, obj, ["rotation", "clientId", "secretName"]);
  const rawRotation = own(obj, "rotation");
  const rotation =
    rawRotation === undefined
      ? "1"
      : typeof rawRotation === "number" && Number.isFinite(rawRotation)
        ? String(rawRotation)
        : readText(at.at("rotation"), rawRotation, { max: 256 });
  const rawId = own(obj, "clientId");
  const clientId =
    rawId === undefined
      ? "argo-workflows-sso"
      : readText(at.at("clientId"), rawId, {
          max: 128,
          pattern: /^[A-Za-z0-9._-]+$/,
          patternHint: "letters, digits and ._-",
        });
  if (clientId !== undefined && (RESERVED_CLIENT_IDS as readonly string[]).includes(clientId)) {
    at.at("clientId").problem(
      `${JSON.stringify(clientId)} is one of Argo CD's own Dex clients (${RESERVED_CLIENT_IDS.join(", ")}); reusing it breaks Argo CD's login (argo-cd #19787)`,
    );
    return undefined;
  }
  const rawName = own(obj, "secretName");
  const secretName =
    rawName === undefined
      ? "argo-workflows-sso"
      : readText(at.at("secretName"), rawName, {
          max: 253,
          pattern: DNS1123_SUBDOMAIN,
          patternHint: "a DNS-1123 subdomain (lowercase letters, digits, - and .)",
        });
  return complete({ rotation, clientId, secretName });
}
