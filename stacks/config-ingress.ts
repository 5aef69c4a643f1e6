/**
 * `argo-sso:argocd.ingress` and `argo-sso:workflows.ingress`: the typed ingress of each server
 * (components/ingress-values.ts turns it into chart values), and the check that the server's
 * `values` neither contradict it nor set an ingress by hand.
 */
import { INGRESS_MODES, type IngressMode, type IngressSpec, type IngressTls } from "./types";
import { At, own, type Obj } from "./config-read";
import { complete, readBool, readChoice, readOptional, readSection, readText } from "./config-values";
import { ingressContradictions, type ManagedValue } from "../components/ingress-values";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An ACM certificate ARN (AWS Certificate Manager, "ARN format"). */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const SCHEMES = ["internal", "internet-facing"] as const;
const ISSUER_KINDS = ["ClusterIssuer", "Issuer"] as const;
const TLS_SOURCES = ["secretName", "certManager", "acmCertificateArn"];
/** Which TLS sources each mode accepts. */
const TLS_BY_MODE: Readonly<Record<IngressMode, readonly string[]>> = {
  nginx: ["secretName", "certManager"],
  alb: ["acmCertificateArn"],
};

function readTls(at: At, value: unknown, mode: IngressMode | undefined): IngressTls | undefined {
  const allowed = mode === undefined ? TLS_SOURCES : TLS_BY_MODE[mode];
  const example =
    mode === "alb"
      ? "{ acmCertificateArn: arn:aws:acm:<region>:<account>:certificate/<id> }"
      : "{ secretName: <tls Secret> } or { certManager: { issuer: <name> } }";
  const obj = readSection(at, value, "TLS settings", TLS_SOURCES, `the certificate, e.g. ${example}`);
  if (!obj) return undefined;
  const given = TLS_SOURCES.filter((k) => own(obj, k) !== undefined);
  if (given.length !== 1) {
    at.problem(
      given.length === 0
        ? `required: one certificate source, e.g. ${example}`
        : `set one certificate source, got ${given.join(" and ")}`,
    );
    return undefined;
  }
  const source = given[0];
  if (mode !== undefined && !allowed.includes(source)) {
    at.at(source).problem(
      mode === "alb"
        ? "an ALB takes its certificate from ACM only: set acmCertificateArn"
        : `${mode} cannot use an ACM certificate; set secretName or certManager`,
    );
    return undefined;
  }
  const name = { max: 253, pattern: DNS1123_SUBDOMAIN, patternHint: "a DNS-1123 subdomain" };
  if (source === "secretName") {
    const secretName = readText(at.at("secretName"), own(obj, "secretName"), name);
    return secretName === undefined ? undefined : { kind: "secret", secretName };
  }
  if (source === "acmCertificateArn") {
    const certificateArn = readText(at.at("acmCertificateArn"), own(obj, "acmCertificateArn"), {
      pattern: ACM_CERTIFICATE_ARN,
      patternHint: "an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>",
    });
    return certificateArn === undefined ? undefined : { kind: "acm", certificateArn };
  }
  const cm = readSection(at.at("certManager"), own(obj, "certManager"), "issuer and kind", [
    "issuer",
    "kind",
  ]);
  if (!cm) return undefined;
  const issuer = readText(at.at("certManager", "issuer"), own(cm, "issuer"), name);
  const issuerKind = readOptional(at.at("certManager"), cm, "kind", "ClusterIssuer" as const, (h, v) =>
    readChoice(h, v, ISSUER_KINDS),
  );
  if (issuer === undefined || issuerKind === undefined) return undefined;
  return { kind: "certManager", issuer, issuerKind };
}

/**
 * Reads `<server>.ingress`. `grpcAllowed`: whether the `grpc` key exists (Argo CD only).
 */
export function readIngress(at: At, value: unknown, grpcAllowed: boolean): IngressSpec | undefined {
  const keys = ["mode", "className", "tls", "scheme", ...(grpcAllowed ? ["grpc"] : [])];
  const obj = readSection(at, value, "ingress settings", keys);
  if (!obj) return undefined;
  if (own(obj, "mode") === undefined) {
    at.at("mode").problem(`required: one of ${INGRESS_MODES.join(", ")}`);
  }
  const mode =
    own(obj, "mode") === undefined ? undefined : readChoice(at.at("mode"), own(obj, "mode"), INGRESS_MODES);
  const tls = readTls(at.at("tls"), own(obj, "tls"), mode);
  const className = readOptional(at, obj, "className", mode ?? "", (h, v) =>
    readText(h, v, { max: 253, pattern: DNS1123_SUBDOMAIN, patternHint: "an IngressClass name" }),
  );
  if (own(obj, "scheme") !== undefined && mode === "nginx") {
    at.at("scheme").problem("applies to mode alb only (the ALB's scheme)");
  }
  const scheme = readOptional(at, obj, "scheme", "internal" as const, (h, v) => readChoice(h, v, SCHEMES));
  const grpc = readOptional(at, obj, "grpc", false, readBool);
  if (grpc === true && mode === "alb") {
    at.at("grpc").problem(
      "mode alb always routes gRPC (the chart's aws controller adds a gRPC Service and rule); remove it",
    );
  }
  if (mode === undefined) return undefined;
  return complete({ mode, className, tls, scheme, grpc });
}

/**
 * Reports each value of `values` (at `valuesAt`) that contradicts a managed ingress value,
 * naming both keys. Without a managed ingress, warns when `values` enables an ingress by hand:
 * nothing then sets `server.insecure` / `server.secure`, target type or certificate.
 */
export function checkIngressValues(
  valuesAt: At,
  values: Obj,
  entries: readonly ManagedValue[] | undefined,
  ingressKey: string,
): void {
  if (entries === undefined) {
    const server = values.server;
    const ingress = typeof server === "object" && server !== null ? (server as Obj).ingress : undefined;
    if (typeof ingress === "object" && ingress !== null && (ingress as Obj).enabled === true) {
      valuesAt
        .at("server", "ingress", "enabled")
        .warn(`an ingress set by hand gets none of the TLS settings it needs; use ${ingressKey} instead`);
    }
    return;
  }
  for (const c of ingressContradictions(values, entries)) valuesAt.problemBelow(c.path, c.message);
}

/**
 * Reads `<server>.ingress` when present and checks `values` against it; `ingress` undefined
 * with `given` true means the ingress was invalid (already reported).
 */
export function readServerIngress(
  at: At,
  obj: Obj,
  url: string | undefined,
  values: Obj | undefined,
  entriesOf: (ingress: IngressSpec, url: string) => ManagedValue[],
): { readonly given: boolean; readonly ingress?: IngressSpec } {
  const given = own(obj, "ingress") !== undefined;
  const grpcAllowed = at.key === "argo-sso:argocd";
  const ingress = given ? readIngress(at.at("ingress"), own(obj, "ingress"), grpcAllowed) : undefined;
  if (values !== undefined && (!given || (ingress !== undefined && url !== undefined))) {
    const entries = ingress !== undefined && url !== undefined ? entriesOf(ingress, url) : undefined;
    checkIngressValues(at.at("values"), values, entries, `${at.key}.ingress`);
  }
  return { given, ingress };
}
