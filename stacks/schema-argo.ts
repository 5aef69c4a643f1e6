/**
 * The Kubernetes side of the stack-config schema: `argo-sso:cluster`, `argo-sso:argocd`,
 * `argo-sso:workflows` and `argo-sso:clientSecret`, checked against Argo CD 3.4 / Argo
 * Workflows 4.0 behaviour (FIELD-NOTES.md), the chart keys argo-sso manages
 * (components/helm-values.ts) and the SSO-bypass table (policy/sso-bypass.ts).
 */
import { z } from "zod";
import { argoCdIngressEntries, workflowsIngressEntries } from "../components/ingress-values";
import {
  ARGOCD_MANAGED_PATHS,
  WORKFLOWS_MANAGED_PATHS,
  findManagedOverrides,
  type ValuePath,
} from "../components/helm-values";
import { RESERVED_DEX_CLIENT_IDS } from "../components/dex-config";
import { findBypassKeys, formatBypassPath, type BypassChart } from "../policy/sso-bypass";
import { httpsUrl } from "./schema-identity";
import { argoCdRoleProblem, rolesSchema } from "./schema-argocd-rbac";
import { argocdIngress, checkIngressValues, subdomain, workflowsIngress } from "./schema-ingress";
import {
  ON_MAP,
  bool,
  choice,
  describe,
  isObj,
  list,
  map,
  own,
  positiveInt,
  problem,
  rawSegment,
  section,
  str,
  textCheck,
  type Obj,
} from "./schema-kit";

export { ingressSpec } from "./schema-ingress";
export { policyLineProblem } from "./schema-argocd-rbac";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** The stack output read when `cluster.stackReference.output` is not given. */
export const DEFAULT_STACK_REFERENCE_OUTPUT = "kubeconfig";
/** Chart versions argo-sso is tested with (the pinned charts in test/fixtures). */
export const TESTED_CHART_VERSIONS = { argocd: "10.1.1", workflows: "1.0.18" } as const;
/**
 * Values larger than this cannot fit: Helm keeps each release revision (chart, values and
 * manifest) in a Secret, and Kubernetes caps a Secret at 1 MiB (Kubernetes docs,
 * "Secrets: Restrictions"). The chart and manifest need room too, so this bound is generous.
 */
const MAX_VALUES_BYTES = 1024 * 1024;
/** Namespaces Kubernetes itself uses; a release there mixes SSO with cluster components. */
const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];
const DNS_LABEL_HINT = "a DNS-1123 label (lowercase letters, digits, -)";
const INSTEAD = (key: string) => `set argo-sso:${key} instead`;
const ROTATE = "change argo-sso:clientSecret.rotation instead";

/** The config key to set instead of each managed chart value (formatted path → advice). */
const MANAGED_ADVICE: Readonly<Record<string, string>> = {
  "configs.cm.url": INSTEAD("argocd.url"),
  'configs.cm."dex.config"': "argo-sso generates it from argo-sso:identityCenter.samlApplication; remove it",
  'configs.cm."admin.enabled"': INSTEAD("argocd.adminEnabled"),
  'configs.cm."users.anonymous.enabled"': INSTEAD("argocd.anonymousEnabled"),
  'configs.rbac."policy.csv"': "set argo-sso:groups.<group>.argocd and argo-sso:argocd.roles instead",
  'configs.rbac."policy.default"': INSTEAD("argocd.defaultRole"),
  'dex.podAnnotations."argo-sso/client-secret-checksum"': ROTATE,
  'server.podAnnotations."argo-sso/client-secret-checksum"': ROTATE,
  "server.authModes": INSTEAD("workflows.authModes"),
  "server.authMode": INSTEAD("workflows.authModes"),
  "crds.install":
    "argo-sso applies the full CRDs itself from vendor/ (the chart's would be downloaded at install time); remove it",
  "server.sso":
    "set argo-sso:workflows.url, argo-sso:workflows.sessionExpiry and argo-sso:clientSecret instead",
};

export const clusterSchema = section(
  {
    kubeconfig: str().optional().describe("A kubeconfig (make it a secret: pulumi config set --secret)."),
    stackReference: section(
      {
        stack: str({
          pattern: /^[\w.-]+\/[\w.-]+\/[\w.-]+$/,
          hint: "a fully qualified stack name, <org>/<project>/<stack>",
        }).describe("The stack that outputs the kubeconfig, <org>/<project>/<stack>."),
        output: str()
          .default(DEFAULT_STACK_REFERENCE_OUTPUT)
          .describe("The name of that stack's kubeconfig output."),
      },
      "stack and output",
    )
      .optional()
      .describe("Read the kubeconfig from another stack's output."),
    context: str().optional().describe("The kubeconfig context to use."),
  },
  "kubeconfig, stackReference and context ({} = the ambient kubeconfig)",
)
  .superRefine((cluster, ctx) => {
    if (own(cluster, "kubeconfig") !== undefined && own(cluster, "stackReference") !== undefined)
      problem(ctx, [], "set kubeconfig or stackReference, not both");
  }, ON_MAP)
  .prefault({})
  .describe("`argo-sso:cluster`: which cluster; {} is the ambient kubeconfig.");

/** Seconds of a Go duration (`8h`, `10h30m`, `1.5h`), for bounds checks. */
export function goDurationSeconds(text: string): number {
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  for (const [, amount, , u] of text.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    total += Number(amount) * unit[u];
  return total;
}

/**
 * The chart values of a release: within the release Secret's size, no managed key (each with
 * the config key to set instead), and no SSO-bypass key (policy/sso-bypass.ts) unless
 * `unsafeValues` lists it; every `unsafeValues` entry must name a bypass key the values set.
 * True when the values are valid.
 */
function checkValues(
  ctx: z.core.$RefinementCtx,
  release: Obj,
  managed: readonly ValuePath[],
  chart: BypassChart,
) {
  const values = own(release, "values");
  const rawUnsafe = own(release, "unsafeValues");
  const unsafe = Array.isArray(rawUnsafe) ? rawUnsafe.filter((p): p is string => typeof p === "string") : [];
  if (!isObj(values)) return false;
  const size = Buffer.byteLength(JSON.stringify(values), "utf8");
  if (size > MAX_VALUES_BYTES) {
    const why = `Helm stores a release (chart, values and manifest) in one Secret, which Kubernetes caps at 1 MiB (${MAX_VALUES_BYTES} bytes)`;
    const move = "move large data to ConfigMaps or files of its own";
    problem(ctx, ["values"], `is ${size} bytes of JSON; ${why}: ${move}`);
    return false;
  }
  const hits = findManagedOverrides(values, managed);
  for (const path of hits)
    problem(ctx, ["values", rawSegment(path)], `managed by argo-sso; ${MANAGED_ADVICE[path] ?? "remove it"}`);
  const key = `argo-sso:${chart === "argo-cd" ? "argocd" : "workflows"}.unsafeValues`;
  const set = findBypassKeys(values, chart).map(({ path, rule }) => ({ path: formatBypassPath(path), rule }));
  const bypass = set.filter(({ path }) => !hits.includes(path) && !unsafe.includes(path));
  for (const { path, rule } of bypass) {
    const fix = `remove it, or acknowledge it by listing ${path} in ${key} (the prod policy pack still denies it)`;
    problem(ctx, ["values", rawSegment(path)], `can bypass argo-sso's SSO set-up (${rule.why}); ${fix}`);
  }
  if (hits.length > 0 || bypass.length > 0) return false;
  if (!Array.isArray(rawUnsafe) || unsafe.length !== rawUnsafe.length) return true;
  const paths = set.map(({ path }) => path);
  unsafe.forEach((path, i) => {
    const given = paths.length > 0 ? `; values sets: ${paths.join(", ")}` : "";
    const message = `${JSON.stringify(path)} is not an SSO-bypass key that values sets${given}`;
    if (!paths.includes(path)) problem(ctx, ["unsafeValues", i], message);
  });
  return true;
}

/** The keys `argocd` and `workflows` share: url, namespace, release, chart, timeout, values. */
function releaseShape(example: string, namespace: string, releaseName: string, chartVersion: string) {
  return {
    url: httpsUrl(true, `required: the https URL people open, e.g. ${example}`).describe(
      "The https URL people open: scheme and host only, no path, no trailing slash.",
    ),
    namespace: str({ max: 63, pattern: DNS1123_LABEL, hint: DNS_LABEL_HINT })
      .superRefine(
        textCheck((name) =>
          SYSTEM_NAMESPACES.includes(name)
            ? `${name} belongs to Kubernetes itself: argo-sso creates, protects and may delete this namespace; choose a namespace of its own`
            : undefined,
        ),
      )
      .default(namespace)
      .describe("The namespace of the release (created by argo-sso)."),
    releaseName: str({ max: 53, pattern: DNS1123_LABEL, hint: DNS_LABEL_HINT })
      .default(releaseName)
      .describe("The Helm release name."),
    chartVersion: str({ pattern: SEMVER, hint: "a chart version like 1.2.3" })
      .default(chartVersion)
      .describe("The chart version; argo-sso is tested with the default and warns on another."),
    timeoutSeconds: positiveInt().default(600).describe("Helm release timeout in seconds."),
    values: map("chart values", z.unknown())
      .default({})
      .describe("Extra chart values, merged under the keys argo-sso manages (which are refused here)."),
    unsafeValues: list('value paths such as "server.extraArgs"', str())
      .default([])
      .describe(
        "SSO-bypass value paths that values deliberately sets (the prod policy pack still denies them).",
      ),
  };
}

export const argocdSchema = section(
  {
    ...releaseShape("https://argocd.example.com", "argocd", "argocd", TESTED_CHART_VERSIONS.argocd),
    defaultRole: str({ min: 0 })
      .default("")
      .describe(
        'policy.default: the role of everyone who logs in. Default: "" (no access unless a group grants it).',
      ),
    adminEnabled: bool().default(true).describe("Keep Argo CD's local admin user."),
    anonymousEnabled: bool().default(false).describe("Let anyone who reaches the URL in, with defaultRole."),
    dexLogLevel: choice(["debug", "info", "warn", "error"]).default("info").describe("Dex's log level."),
    roles: rolesSchema,
    ingress: argocdIngress,
  },
  "Argo CD settings",
  "at least url, e.g. { url: https://argocd.example.com }",
)
  .superRefine((argocd, ctx) => {
    const [roles, role] = [own(argocd, "roles"), own(argocd, "defaultRole")];
    const customRoles = isObj(roles) ? Object.keys(roles) : undefined;
    const found = typeof role === "string" ? argoCdRoleProblem(role, customRoles) : undefined;
    if (found !== undefined) problem(ctx, ["defaultRole"], found);
    if (checkValues(ctx, argocd, ARGOCD_MANAGED_PATHS, "argo-cd"))
      checkIngressValues(ctx, argocd, argocdIngress, (ingress, url) => argoCdIngressEntries(ingress, url));
  }, ON_MAP)
  .describe("`argo-sso:argocd`: the Argo CD release and its SSO and RBAC settings.");

const authMode = choice(["sso", "client"], (input) =>
  input === "server"
    ? "server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)"
    : undefined,
);

export const workflowsSchema = section(
  {
    ...releaseShape(
      "https://workflows.example.com",
      "argo",
      "argo-workflows",
      TESTED_CHART_VERSIONS.workflows,
    ),
    sessionExpiry: str({
      pattern: /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/,
      hint: "a Go duration like 8h or 10h30m",
    })
      .superRefine(
        textCheck((text) => {
          const seconds = goDurationSeconds(text);
          const inRange = seconds >= 60 && seconds <= 7 * 24 * 3600;
          return inRange ? undefined : `must be between 1m and 168h (a week), got ${text}`;
        }),
      )
      .default("8h")
      .describe("How long an argo-server SSO session lasts (Go duration, 1m to 168h)."),
    authModes: list("auth modes (sso, client)", authMode)
      .superRefine(
        textCheck((modes) => {
          const why = "argo-sso sets up SSO; client alone would leave it unused";
          return modes.includes("sso")
            ? undefined
            : `must include sso (${why}), got ${describe(modes.join(", "))}`;
        }),
      )
      .default(["sso"])
      .describe("argo-server auth modes: sso, plus client for argo CLI tokens."),
    ingress: workflowsIngress,
    artifactSecrets: list("Secret names", subdomain("a Secret name (DNS-1123 subdomain)"))
      .superRefine((names, ctx) => {
        names.forEach((name, i) => {
          if (names.indexOf(name) < i) problem(ctx, [i], `duplicate Secret ${JSON.stringify(name)}`);
        });
      })
      .default([])
      .describe("Secrets with the artifact repository's credentials, readable by every SSO level."),
  },
  "Argo Workflows settings",
  "at least url, e.g. { url: https://workflows.example.com }",
)
  .superRefine((workflows, ctx) => {
    if (!checkValues(ctx, workflows, WORKFLOWS_MANAGED_PATHS, "argo-workflows")) return;
    const release = own(workflows, "releaseName");
    const name = typeof release === "string" ? release : "argo-workflows";
    checkIngressValues(ctx, workflows, workflowsIngress, (ingress, url) =>
      workflowsIngressEntries(ingress, url, name),
    );
  }, ON_MAP)
  .describe("`argo-sso:workflows`: the Argo Workflows release and its SSO settings.");

/**
 * Secrets the charts create in their namespaces (argo-helm argo-cd-10.1.1 templates: argocd-secret,
 * the notifications, Redis, initial-admin and TLS Secrets) that the client Secret must not
 * replace or be replaced by.
 */
const CHART_SECRET_NAMES = [
  "argocd-secret",
  "argocd-initial-admin-secret",
  "argocd-notifications-secret",
  "argocd-redis",
  "argocd-repo-server-tls",
  "argocd-server-tls",
  "argocd-dex-server-tls",
];

/** Why the client Secret may not be called `name`, or undefined. */
function secretNameProblem(name: string): string | undefined {
  if (CHART_SECRET_NAMES.includes(name))
    return `${JSON.stringify(name)} is a Secret the argo-cd chart owns; the two would overwrite each other (known: ${CHART_SECRET_NAMES.join(", ")})`;
  return name.endsWith(".service-account-token")
    ? "names ending in .service-account-token are the Workflows SSO token Secrets argo-sso creates; choose another name"
    : undefined;
}

export const clientSecretSchema = section(
  {
    // YAML reads `rotation: 2` as a number: taken as its text. A union, not a preprocess, so the
    // stack file's JSON Schema checks it too.
    rotation: z
      .union([z.string().meta({ minLength: 1, maxLength: 256 }), z.number()], {
        error: (issue) => `must be text, got ${describe(issue.input)}`,
      })
      .transform(String)
      .pipe(str({ max: 256 }))
      .default("1")
      .describe("Change it (any text or number) to rotate the shared Dex client secret."),
    clientId: str({ max: 128, pattern: /^[A-Za-z0-9._-]+$/, hint: "letters, digits and ._-" })
      .refine((id) => !RESERVED_DEX_CLIENT_IDS.includes(id), {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is one of Argo CD's own Dex clients (${RESERVED_DEX_CLIENT_IDS.join(", ")}); reusing it breaks Argo CD's login (argo-cd #19787)`,
      })
      .default("argo-workflows-sso")
      .describe("The Dex static client id of Argo Workflows."),
    secretName: subdomain("a DNS-1123 subdomain (lowercase letters, digits, - and .)")
      .superRefine(textCheck(secretNameProblem))
      .default("argo-workflows-sso")
      .describe("The name of the Kubernetes Secret holding the client secret, in both namespaces."),
  },
  "rotation, clientId and secretName",
)
  .prefault({})
  .describe("`argo-sso:clientSecret`: the Dex client secret Argo Workflows shares with Argo CD.");
