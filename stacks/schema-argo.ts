/**
 * The Kubernetes side of the stack-config schema: `argo-sso:cluster`, `argo-sso:argocd`,
 * `argo-sso:workflows` and `argo-sso:clientSecret`, checked against Argo CD 3.4 / Argo
 * Workflows 4.0 behaviour (FIELD-NOTES.md), the chart keys argo-sso manages
 * (components/helm-values.ts) and the SSO-bypass table (policy/sso-bypass.ts).
 */
import { z } from "zod";
import { ARGOCD_BUILTIN_ROLES, INGRESS_MODES, type IngressSpec } from "./types";
import {
  argoCdIngressEntries,
  ingressContradictions,
  workflowsIngressEntries,
  type ManagedValue,
} from "../components/ingress-values";
import {
  ARGOCD_MANAGED_PATHS,
  WORKFLOWS_MANAGED_PATHS,
  findManagedOverrides,
  type ValuePath,
} from "../components/helm-values";
import { RESERVED_DEX_CLIENT_IDS } from "../components/dex-config";
import { csvFieldProblem } from "../components/argocd-policy";
import { findBypassKeys, formatBypassPath, type BypassChart } from "../policy/sso-bypass";
import { httpsUrl, httpsUrlProblem } from "./schema-identity";
import {
  ON_MAP,
  bool,
  choice,
  describe,
  didYouMean,
  isObj,
  list,
  map,
  nonEmpty,
  own,
  positiveInt,
  problem,
  rawSegment,
  section,
  str,
  type Obj,
} from "./schema-kit";

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
/** A Go `time.ParseDuration` value without sign: `8h`, `10h30m`, `90m`, `1.5h`. */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;
const FULL_STACK_NAME = /^[\w.-]+\/[\w.-]+\/[\w.-]+$/;
/** The stack output read when `cluster.stackReference.output` is not given. */
export const DEFAULT_STACK_REFERENCE_OUTPUT = "kubeconfig";
/** Chart versions argo-sso is tested with (the pinned charts in test/fixtures). */
export const TESTED_CHART_VERSIONS = { argocd: "10.1.1", workflows: "1.0.18" } as const;
/** An ACM certificate ARN (AWS Certificate Manager, "ARN format"). */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
/**
 * Values larger than this cannot fit: Helm keeps each release revision (chart, values and
 * manifest) in a Secret, and Kubernetes caps a Secret at 1 MiB (Kubernetes docs,
 * "Secrets: Restrictions"). The chart and manifest need room too, so this bound is generous.
 */
export const MAX_VALUES_BYTES = 1024 * 1024;
/** Namespaces Kubernetes itself uses; a release there mixes SSO with cluster components. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"];
/** argo-server session lifetime bounds: a minute at least, a week at most. */
const SESSION_EXPIRY_SECONDS = { min: 60, max: 7 * 24 * 3600 };
const DNS_LABEL_HINT = "a DNS-1123 label (lowercase letters, digits, -)";

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

export const clusterSchema = section(
  {
    kubeconfig: str().optional().describe("A kubeconfig (make it a secret: pulumi config set --secret)."),
    stackReference: section(
      {
        stack: str({
          pattern: FULL_STACK_NAME,
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

/** Argo CD RBAC resources (Argo CD 3.x RBAC docs). */
export const ARGOCD_RBAC_RESOURCES = [
  "applications",
  "applicationsets",
  "clusters",
  "projects",
  "repositories",
  "accounts",
  "certificates",
  "gpgkeys",
  "logs",
  "exec",
  "extensions",
  "*",
];
const RBAC_ACTION = /^(\*|get|create|update(\/\S+)?|delete(\/\S+)?|sync|override|invoke|action\/\S+)$/;
const ROLE_NAME = /^[\w.-]{1,64}$/;

/** Checks one custom-role policy line, `<resource>, <action>, <object>, <effect>`. */
export function policyLineProblem(line: string): string | undefined {
  const fields = line.split(",").map((f) => f.trim());
  if (fields[0] === "p" || fields[0] === "g") {
    return `write only <resource>, <action>, <object>, <effect>: argo-sso adds "p, role:<name>," itself, got ${describe(line)}`;
  }
  if (fields.length !== 4 || fields.some((f) => f === "")) {
    return `must be 4 comma-separated fields <resource>, <action>, <object>, <effect>, got ${describe(line)}`;
  }
  const names = ["resource", "action", "object", "effect"];
  for (const [i, field] of fields.entries()) {
    const problem = csvFieldProblem(field);
    if (problem !== undefined) return `the ${names[i]} field ${problem}, got ${describe(field)}`;
  }
  const [resource, action, , effect] = fields;
  if (!ARGOCD_RBAC_RESOURCES.includes(resource)) {
    return `unknown resource ${JSON.stringify(resource)}${didYouMean(resource, ARGOCD_RBAC_RESOURCES)}; known: ${ARGOCD_RBAC_RESOURCES.join(", ")}`;
  }
  if (!RBAC_ACTION.test(action)) {
    return `unknown action ${JSON.stringify(action)}; known: get, create, update, update/*, delete, delete/*, sync, override, invoke, action/..., *`;
  }
  if (effect !== "allow" && effect !== "deny")
    return `effect must be allow or deny, got ${JSON.stringify(effect)}`;
  return undefined;
}

/**
 * The problem with an Argo CD role reference: `role:admin`, `role:readonly` or `role:<name>`
 * of `argocd.roles`. `customRoles` undefined (roles unreadable): custom names are not checked.
 */
export function argoCdRoleProblem(
  role: string,
  customRoles: readonly string[] | undefined,
): string | undefined {
  if (role === "") return undefined;
  const known = [...ARGOCD_BUILTIN_ROLES, ...(customRoles ?? []).map((r) => `role:${r}`)];
  if (known.includes(role) || (customRoles === undefined && role.startsWith("role:"))) return undefined;
  return `unknown Argo CD role ${JSON.stringify(role)}${didYouMean(role, known)}; known: ${known.join(", ")} (custom roles go under argo-sso:argocd.roles)`;
}

const policyLine = str().superRefine((line, ctx) => {
  const found = policyLineProblem(line);
  if (found !== undefined) problem(ctx, [], found);
});

const rolesSchema = map(
  "role name (without role:) to policy lines",
  list("policy lines <resource>, <action>, <object>, <effect>", policyLine)
    .check(nonEmpty("must have at least one policy line"))
    .meta({ minItems: 1 }),
)
  .superRefine((roles, ctx) => {
    for (const name of Object.keys(roles)) {
      if (!ROLE_NAME.test(name))
        problem(
          ctx,
          [name],
          `role name must be 1 to 64 letters, digits and _.- without "role:", got ${describe(name)}`,
        );
      else if ((ARGOCD_BUILTIN_ROLES as readonly string[]).includes(`role:${name}`))
        problem(ctx, [name], `role:${name} is built into Argo CD; choose another name`);
    }
  }, ON_MAP)
  .default({})
  .describe(
    "Custom Argo CD roles: role name (without role:) → policy lines <resource>, <action>, <object>, <effect>.",
  );

/** The SSO-bypass keys (policy/sso-bypass.ts) that `values` sets and `unsafe` does not acknowledge. */
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

/**
 * The chart values of a release: within the release Secret's size, no managed key (each with
 * the config key to set instead), and no SSO-bypass key unless `unsafeValues` lists it; every
 * `unsafeValues` entry must name a bypass key the values set. True when the values are valid.
 */
function checkValues(
  ctx: z.core.$RefinementCtx,
  release: Obj,
  managed: readonly ValuePath[],
  chart: BypassChart,
): boolean {
  const values = own(release, "values");
  const rawUnsafe = own(release, "unsafeValues");
  const unsafe = Array.isArray(rawUnsafe) ? rawUnsafe.filter((p): p is string => typeof p === "string") : [];
  if (!isObj(values)) return false;
  const size = Buffer.byteLength(JSON.stringify(values), "utf8");
  if (size > MAX_VALUES_BYTES) {
    problem(
      ctx,
      ["values"],
      `is ${size} bytes of JSON; Helm stores a release (chart, values and manifest) in one Secret, which Kubernetes caps at 1 MiB (${MAX_VALUES_BYTES} bytes): move large data to ConfigMaps or files of its own`,
    );
    return false;
  }
  const hits = findManagedOverrides(values, managed);
  for (const path of hits)
    problem(ctx, ["values", rawSegment(path)], `managed by argo-sso; ${MANAGED_ADVICE[path] ?? "remove it"}`);
  const bypass = bypassProblems(values, chart, hits, unsafe);
  for (const { path, message } of bypass) problem(ctx, ["values", rawSegment(path)], message);
  if (hits.length > 0 || bypass.length > 0) return false;
  if (Array.isArray(rawUnsafe) && unsafe.length === rawUnsafe.length) {
    const set = findBypassKeys(values, chart).map(({ path }) => formatBypassPath(path));
    unsafe.forEach((path, i) => {
      if (!set.includes(path)) {
        problem(
          ctx,
          ["unsafeValues", i],
          `${JSON.stringify(path)} is not an SSO-bypass key that values sets${set.length ? `; values sets: ${set.join(", ")}` : ""}`,
        );
      }
    });
  }
  return true;
}

const TLS_SOURCES = ["secretName", "certManager", "acmCertificateArn"];
const TLS_BY_MODE: Readonly<Record<string, readonly string[]>> = {
  nginx: ["secretName", "certManager"],
  alb: ["acmCertificateArn"],
};
const subdomain = (hint: string) => str({ max: 253, pattern: DNS1123_SUBDOMAIN, hint });

function ingressSchema(grpc: boolean) {
  const shape = {
    mode: choice(INGRESS_MODES, `required: one of ${INGRESS_MODES.join(", ")}`).describe(
      "How traffic reaches the server: nginx (ingress-nginx) or alb (AWS Load Balancer Controller).",
    ),
    className: subdomain("an IngressClass name")
      .optional()
      .describe("spec.ingressClassName. Default: the mode's name, nginx or alb."),
    tls: section(
      {
        secretName: subdomain("a DNS-1123 subdomain")
          .optional()
          .describe("nginx: an existing kubernetes.io/tls Secret in the server's namespace."),
        certManager: section(
          {
            issuer: subdomain("a DNS-1123 subdomain").describe("The cert-manager issuer's name."),
            kind: choice(["ClusterIssuer", "Issuer"]).default("ClusterIssuer").describe("The issuer's kind."),
          },
          "issuer and kind",
        )
          .optional()
          .describe("nginx: a cert-manager issuer; cert-manager's ingress-shim creates the Secret."),
        acmCertificateArn: str({
          pattern: ACM_CERTIFICATE_ARN,
          hint: "an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>",
        })
          .optional()
          .describe("alb: an ACM certificate ARN."),
      },
      "TLS settings",
    )
      .optional()
      .describe(
        "Where the TLS certificate comes from: exactly one of secretName, certManager, acmCertificateArn.",
      ),
    scheme: choice(["internal", "internet-facing"])
      .optional()
      .describe("alb only: alb.ingress.kubernetes.io/scheme. Default: internal."),
    ...(grpc
      ? {
          grpc: bool()
            .default(false)
            .describe("nginx only: a second Ingress grpc.<host> for the argocd CLI."),
        }
      : {}),
  };
  return section(shape, "ingress settings")
    .superRefine((ingress, ctx) => {
      const mode = own(ingress, "mode");
      const known = typeof mode === "string" && INGRESS_MODES.includes(mode as "nginx") ? mode : undefined;
      const example =
        known === "alb"
          ? "{ acmCertificateArn: arn:aws:acm:<region>:<account>:certificate/<id> }"
          : "{ secretName: <tls Secret> } or { certManager: { issuer: <name> } }";
      const tls = own(ingress, "tls");
      if (tls === undefined) problem(ctx, ["tls"], `required: the certificate, e.g. ${example}`);
      else if (isObj(tls)) {
        const given = TLS_SOURCES.filter((k) => own(tls, k) !== undefined);
        if (given.length !== 1) {
          problem(
            ctx,
            ["tls"],
            given.length === 0
              ? `required: one certificate source, e.g. ${example}`
              : `set one certificate source, got ${given.join(" and ")}`,
          );
        } else if (known !== undefined && !TLS_BY_MODE[known].includes(given[0])) {
          problem(
            ctx,
            ["tls", given[0]],
            known === "alb"
              ? "an ALB takes its certificate from ACM only: set acmCertificateArn"
              : `${known} cannot use an ACM certificate; set secretName or certManager`,
          );
        }
      }
      if (own(ingress, "scheme") !== undefined && known === "nginx")
        problem(ctx, ["scheme"], "applies to mode alb only (the ALB's scheme)");
      if (own(ingress, "grpc") === true && known === "alb") {
        problem(
          ctx,
          ["grpc"],
          "mode alb always routes gRPC (the chart's aws controller adds a gRPC Service and rule); remove it",
        );
      }
    }, ON_MAP)
    .optional()
    .describe("The managed ingress; absent: argo-sso sets no ingress value.");
}

const argocdIngress = ingressSchema(true);
const workflowsIngress = ingressSchema(false);
type IngressConfig = NonNullable<z.output<typeof argocdIngress> | z.output<typeof workflowsIngress>>;

/** The validated ingress keys mapped onto the ingress component's {@link IngressSpec}. */
export function ingressSpec(ingress: IngressConfig | undefined): { ingress?: IngressSpec } {
  if (ingress === undefined) return {};
  const tls = ingress.tls ?? {};
  return {
    ingress: {
      mode: ingress.mode,
      className: ingress.className ?? ingress.mode,
      tls:
        tls.secretName !== undefined
          ? { kind: "secret", secretName: tls.secretName }
          : tls.certManager !== undefined
            ? { kind: "certManager", issuer: tls.certManager.issuer, issuerKind: tls.certManager.kind }
            : { kind: "acm", certificateArn: tls.acmCertificateArn as string },
      scheme: ingress.scheme ?? "internal",
      grpc: "grpc" in ingress && ingress.grpc === true,
    },
  };
}

/**
 * With a managed ingress, every chart value that contradicts it is a problem naming both keys
 * (components/ingress-values.ts); checked once the URL, the ingress and the values are valid.
 */
function checkIngressValues(
  ctx: z.core.$RefinementCtx,
  release: Obj,
  schema: typeof argocdIngress | typeof workflowsIngress,
  entriesOf: (ingress: IngressSpec, url: string) => ManagedValue[],
): void {
  const url = own(release, "url");
  const parsed = schema.safeParse(own(release, "ingress"));
  if (typeof url !== "string" || httpsUrlProblem(url, true) !== undefined || !parsed.success) return;
  const { ingress } = ingressSpec(parsed.data);
  if (ingress === undefined) return;
  for (const c of ingressContradictions(own(release, "values"), entriesOf(ingress, url)))
    problem(ctx, ["values", rawSegment(c.path)], c.message);
}

function namespace(fallback: string) {
  return str({ max: 63, pattern: DNS1123_LABEL, hint: DNS_LABEL_HINT })
    .superRefine((name, ctx) => {
      if (SYSTEM_NAMESPACES.includes(name)) {
        problem(
          ctx,
          [],
          `${name} belongs to Kubernetes itself: argo-sso creates, protects and may delete this namespace; choose a namespace of its own`,
        );
      }
    })
    .default(fallback)
    .describe("The namespace of the release (created by argo-sso).");
}

/** The keys `argocd` and `workflows` share: url, namespace, release, chart, timeout, values. */
function releaseShape(
  example: string,
  defaults: { namespace: string; releaseName: string; chartVersion: string },
) {
  return {
    url: httpsUrl(true, `required: the https URL people open, e.g. ${example}`).describe(
      "The https URL people open: scheme and host only, no path, no trailing slash.",
    ),
    namespace: namespace(defaults.namespace),
    releaseName: str({ max: 53, pattern: DNS1123_LABEL, hint: DNS_LABEL_HINT })
      .default(defaults.releaseName)
      .describe("The Helm release name."),
    chartVersion: str({ pattern: SEMVER, hint: "a chart version like 1.2.3" })
      .default(defaults.chartVersion)
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
    ...releaseShape("https://argocd.example.com", {
      namespace: "argocd",
      releaseName: "argocd",
      chartVersion: TESTED_CHART_VERSIONS.argocd,
    }),
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
    const roles = own(argocd, "roles");
    const role = own(argocd, "defaultRole");
    const found =
      typeof role === "string"
        ? argoCdRoleProblem(role, isObj(roles) ? Object.keys(roles) : undefined)
        : undefined;
    if (found !== undefined) problem(ctx, ["defaultRole"], found);
    if (checkValues(ctx, argocd, ARGOCD_MANAGED_PATHS, "argo-cd"))
      checkIngressValues(ctx, argocd, argocdIngress, (ingress, url) => argoCdIngressEntries(ingress, url));
  }, ON_MAP)
  .describe("`argo-sso:argocd`: the Argo CD release and its SSO and RBAC settings.");

const authMode = z.enum(["sso", "client"], {
  error: (issue) =>
    issue.input === "server"
      ? "server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)"
      : `must be one of sso, client, got ${describe(issue.input)}${typeof issue.input === "string" ? didYouMean(issue.input, ["sso", "client"]) : ""}`,
});

export const workflowsSchema = section(
  {
    ...releaseShape("https://workflows.example.com", {
      namespace: "argo",
      releaseName: "argo-workflows",
      chartVersion: TESTED_CHART_VERSIONS.workflows,
    }),
    sessionExpiry: str({ pattern: GO_DURATION, hint: "a Go duration like 8h or 10h30m" })
      .superRefine((text, ctx) => {
        const seconds = goDurationSeconds(text);
        if (seconds < SESSION_EXPIRY_SECONDS.min || seconds > SESSION_EXPIRY_SECONDS.max)
          problem(ctx, [], `must be between 1m and 168h (a week), got ${text}`);
      })
      .default("8h")
      .describe("How long an argo-server SSO session lasts (Go duration, 1m to 168h)."),
    authModes: list("auth modes (sso, client)", authMode)
      .superRefine((modes, ctx) => {
        if (!modes.includes("sso")) {
          problem(
            ctx,
            [],
            `must include sso (argo-sso sets up SSO; client alone would leave it unused), got ${describe(modes.join(", "))}`,
          );
        }
      })
      .default(["sso"])
      .describe("argo-server auth modes: sso, plus client for argo CLI tokens."),
    ingress: workflowsIngress,
    artifactSecrets: list("Secret names", subdomain("a Secret name (DNS-1123 subdomain)"))
      .superRefine((names, ctx) => {
        const seen = new Set<string>();
        names.forEach((name, i) => {
          if (seen.has(name)) problem(ctx, [i], `duplicate Secret ${JSON.stringify(name)}`);
          seen.add(name);
        });
      })
      .default([])
      .describe("Secrets with the artifact repository's credentials, readable by every SSO level."),
  },
  "Argo Workflows settings",
  "at least url, e.g. { url: https://workflows.example.com }",
)
  .superRefine((workflows, ctx) => {
    if (checkValues(ctx, workflows, WORKFLOWS_MANAGED_PATHS, "argo-workflows")) {
      const release = own(workflows, "releaseName");
      checkIngressValues(ctx, workflows, workflowsIngress, (ingress, url) =>
        workflowsIngressEntries(ingress, url, typeof release === "string" ? release : "argo-workflows"),
      );
    }
  }, ON_MAP)
  .describe("`argo-sso:workflows`: the Argo Workflows release and its SSO settings.");

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

export const clientSecretSchema = section(
  {
    rotation: z
      .preprocess(
        (value) => (typeof value === "number" && Number.isFinite(value) ? String(value) : value),
        str({ max: 256 }),
      )
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
      .superRefine((name, ctx) => {
        const found = secretNameProblem(name);
        if (found !== undefined) problem(ctx, [], found);
      })
      .default("argo-workflows-sso")
      .describe("The name of the Kubernetes Secret holding the client secret, in both namespaces."),
  },
  "rotation, clientId and secretName",
)
  .prefault({})
  .describe("`argo-sso:clientSecret`: the Dex client secret Argo Workflows shares with Argo CD.");

export type ArgoCdConfig = z.output<typeof argocdSchema>;
export type WorkflowsConfig = z.output<typeof workflowsSchema>;
export type ClusterConfig = z.output<typeof clusterSchema>;
export type ClientSecretConfig = z.output<typeof clientSecretSchema>;
