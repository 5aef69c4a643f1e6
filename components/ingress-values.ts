/**
 * Pure helpers for the managed ingress of Argo CD and Argo Workflows (`argo-sso:argocd.ingress`,
 * `argo-sso:workflows.ingress`): the chart values each mode needs, each with the config key it
 * comes from, and the check that the user's `values` do not contradict them.
 *
 * TLS always ends at the ingress, so both servers speak plain HTTP behind it:
 * - Argo CD: `configs.params."server.insecure": true`; otherwise argocd-server serves its own
 *   self-signed TLS and redirects plain HTTP to https, and the ingress loops (argo-cd v3.4.4
 *   server/server.go `useTLS`; chart argo-cd-10.1.1 README "Ingress configuration").
 * - Argo Workflows: `server.secure: false` (the chart passes `--secure=<value>` and switches the
 *   probes' scheme with it; chart argo-workflows-1.0.18 templates/server/server-deployment.yaml).
 *
 * Chart facts (argo-helm tags argo-cd-10.1.1, argo-workflows-1.0.18):
 * - argo-cd `server.ingress.controller: generic` renders one Ingress; `aws` renders the Ingress
 *   with a gRPC rule (condition on `Content-Type: application/grpc`) and a second Service
 *   `<server>-grpc` annotated `alb.ingress.kubernetes.io/backend-protocol-version` (templates/
 *   argocd-server/aws/ingress.yaml, aws/service.yaml). Its type must be ClusterIP with target type
 *   `ip` (values.yaml `server.ingress.aws.serviceType`).
 * - argo-cd `server.ingress.tls: true` uses the Secret `argocd-server-tls`; a named Secret goes
 *   through `extraTls`. `server.ingressGrpc` is a second Ingress, host `grpc.<hostname>`, for
 *   controllers with one backend protocol per Ingress (ingress-nginx).
 * - argo-workflows `server.ingress.hosts` / `tls` are copied as they are.
 */
import { formatValuePath, mergeValues, type ValuePath } from "./helm-values";

/** How traffic reaches a server: ingress-nginx, or the AWS Load Balancer Controller (ALB). */
export const INGRESS_MODES = ["nginx", "alb"] as const;
export type IngressMode = (typeof INGRESS_MODES)[number];

/** Where the ingress's TLS certificate comes from; TLS always ends at the ingress. */
export type IngressTls =
  /** An existing `kubernetes.io/tls` Secret in the server's namespace (nginx). */
  | { readonly kind: "secret"; readonly secretName: string }
  /** A cert-manager issuer; cert-manager's ingress-shim creates the Secret (nginx). */
  | { readonly kind: "certManager"; readonly issuer: string; readonly issuerKind: "ClusterIssuer" | "Issuer" }
  /** An ACM certificate, by ARN (alb). */
  | { readonly kind: "acm"; readonly certificateArn: string };

/** `argo-sso:argocd.ingress` / `argo-sso:workflows.ingress`; the host is always the URL's host. */
export interface IngressSpec {
  readonly mode: IngressMode;
  /** `spec.ingressClassName`. @default the mode's name: "nginx" or "alb" */
  readonly className: string;
  readonly tls: IngressTls;
  /** alb only: `alb.ingress.kubernetes.io/scheme`. @default "internal" (the controller's own default) */
  readonly scheme: "internal" | "internet-facing";
  /** Argo CD with nginx only: a second Ingress `grpc.<host>` for the `argocd` CLI. @default false */
  readonly grpc: boolean;
}

/** One chart value the managed ingress sets, and the config key that decides it. */
export interface ManagedValue {
  readonly path: ValuePath;
  readonly value: unknown;
  /** The config key behind the value, e.g. `argo-sso:argocd.url`. */
  readonly source: string;
}

/** ALB listens on 80 and 443 and redirects 80 to 443 (AWS Load Balancer Controller annotations). */
export const ALB_LISTEN_PORTS = '[{"HTTP":80},{"HTTPS":443}]';

const NGINX = "nginx.ingress.kubernetes.io";
const ALB = "alb.ingress.kubernetes.io";

/** The host of an https URL (`https://argocd.example.com` → `argocd.example.com`). */
export function hostOf(url: string): string {
  return new URL(url).hostname;
}

/** The cert-manager ingress-shim annotation for an issuer (cert-manager docs, "Securing Ingress"). */
function certManagerAnnotation(tls: Extract<IngressTls, { kind: "certManager" }>): [string, string] {
  const key =
    tls.issuerKind === "ClusterIssuer" ? "cert-manager.io/cluster-issuer" : "cert-manager.io/issuer";
  return [key, tls.issuer];
}

/** The ALB annotations both servers need, keyed by annotation name. */
function albAnnotations(ingress: IngressSpec, key: string, arn: string): ManagedValue[] {
  const at = (name: string, value: string, source: string): ManagedValue => ({
    path: ["annotations", `${ALB}/${name}`],
    value,
    source,
  });
  return [
    at("scheme", ingress.scheme, `${key}.ingress.scheme`),
    // The Services are ClusterIP: the ALB must target pod IPs, not node ports.
    at("target-type", "ip", `${key}.ingress.mode`),
    // TLS ends at the ALB; the server speaks HTTP (server.insecure / server.secure false).
    at("backend-protocol", "HTTP", `${key}.ingress.mode`),
    at("listen-ports", ALB_LISTEN_PORTS, `${key}.ingress.mode`),
    at("ssl-redirect", "443", `${key}.ingress.mode`),
    at("certificate-arn", arn, `${key}.ingress.tls.acmCertificateArn`),
  ];
}

/** nginx annotations: plain HTTP to the backend, https forced at the edge, cert-manager if used. */
function nginxAnnotations(ingress: IngressSpec, key: string, backendProtocol: string): ManagedValue[] {
  const entries: ManagedValue[] = [
    {
      path: ["annotations", `${NGINX}/backend-protocol`],
      value: backendProtocol,
      source: `${key}.ingress.mode`,
    },
    { path: ["annotations", `${NGINX}/force-ssl-redirect`], value: "true", source: `${key}.ingress.mode` },
  ];
  if (ingress.tls.kind === "certManager") {
    const [name, issuer] = certManagerAnnotation(ingress.tls);
    entries.push({ path: ["annotations", name], value: issuer, source: `${key}.ingress.tls.certManager` });
  }
  return entries;
}

function under(prefix: ValuePath, entries: readonly ManagedValue[]): ManagedValue[] {
  return entries.map((e) => ({ ...e, path: [...prefix, ...e.path] }));
}

/** The argo-cd chart's TLS values of one Ingress (`server.ingress` or `server.ingressGrpc`). */
function argoCdTls(tls: IngressTls, host: string, key: string): ManagedValue[] {
  const source = `${key}.ingress.tls`;
  switch (tls.kind) {
    case "secret":
      return [
        { path: ["tls"], value: false, source },
        { path: ["extraTls"], value: [{ hosts: [host], secretName: tls.secretName }], source },
      ];
    case "certManager":
      // cert-manager fills the chart's fixed Secret (argocd-server-tls / argocd-server-grpc-tls).
      return [{ path: ["tls"], value: true, source }];
    case "acm":
      // The ALB holds the certificate; no Secret is involved.
      return [{ path: ["tls"], value: false, source }];
  }
}

/**
 * The argo-cd chart values of a managed ingress for Argo CD at `url`.
 * @param key the config key of the Argo CD settings, for sources. @default "argo-sso:argocd"
 */
export function argoCdIngressEntries(
  ingress: IngressSpec,
  url: string,
  key = "argo-sso:argocd",
): ManagedValue[] {
  const host = hostOf(url);
  const mode = `${key}.ingress.mode`;
  const entries: ManagedValue[] = [
    { path: ["configs", "params", "server.insecure"], value: true, source: mode },
    { path: ["server", "ingress", "enabled"], value: true, source: mode },
    { path: ["server", "ingress", "hostname"], value: host, source: `${key}.url` },
    {
      path: ["server", "ingress", "ingressClassName"],
      value: ingress.className,
      source: `${key}.ingress.className`,
    },
  ];
  if (ingress.mode === "alb") {
    const arn = ingress.tls.kind === "acm" ? ingress.tls.certificateArn : "";
    entries.push(
      { path: ["server", "ingress", "controller"], value: "aws", source: mode },
      // Target type ip needs a ClusterIP Service (values.yaml server.ingress.aws.serviceType).
      { path: ["server", "ingress", "aws", "serviceType"], value: "ClusterIP", source: mode },
      // The ALB speaks gRPC to the `-grpc` Service: the `argocd` CLI works without --grpc-web.
      { path: ["server", "ingress", "aws", "backendProtocolVersion"], value: "GRPC", source: mode },
      ...under(["server", "ingress"], albAnnotations(ingress, key, arn)),
      ...under(["server", "ingress"], argoCdTls(ingress.tls, host, key)),
    );
    return entries;
  }
  entries.push(
    { path: ["server", "ingress", "controller"], value: "generic", source: mode },
    ...under(["server", "ingress"], nginxAnnotations(ingress, key, "HTTP")),
    ...under(["server", "ingress"], argoCdTls(ingress.tls, host, key)),
  );
  if (ingress.grpc) {
    // ingress-nginx has one backend protocol per Ingress: gRPC gets its own host (argo-cd docs
    // operator-manual/ingress.md "Option 2: SSL Termination at Ingress Controller", v3.4.4).
    const grpcHost = `grpc.${host}`;
    const grpc = `${key}.ingress.grpc`;
    entries.push(
      { path: ["server", "ingressGrpc", "enabled"], value: true, source: grpc },
      { path: ["server", "ingressGrpc", "hostname"], value: grpcHost, source: `${key}.url` },
      {
        path: ["server", "ingressGrpc", "ingressClassName"],
        value: ingress.className,
        source: `${key}.ingress.className`,
      },
      ...under(
        ["server", "ingressGrpc"],
        nginxAnnotations(ingress, key, "GRPC").filter((e) => !e.path[1].endsWith("force-ssl-redirect")),
      ),
      ...under(["server", "ingressGrpc"], argoCdTls(ingress.tls, grpcHost, key)),
    );
  }
  return entries;
}

/** The Secret cert-manager fills for the Argo Workflows Ingress. */
export function workflowsTlsSecretName(releaseName: string): string {
  return `${releaseName}-server-tls`;
}

/**
 * The argo-workflows chart values of a managed ingress for Argo Workflows at `url`.
 * @param key the config key of the Argo Workflows settings, for sources. @default "argo-sso:workflows"
 */
export function workflowsIngressEntries(
  ingress: IngressSpec,
  url: string,
  releaseName: string,
  key = "argo-sso:workflows",
): ManagedValue[] {
  const host = hostOf(url);
  const mode = `${key}.ingress.mode`;
  const tlsSource = `${key}.ingress.tls`;
  const entries: ManagedValue[] = [
    // TLS ends at the ingress: argo-server listens on plain HTTP (and its probes follow).
    { path: ["server", "secure"], value: false, source: mode },
    { path: ["server", "ingress", "enabled"], value: true, source: mode },
    { path: ["server", "ingress", "hosts"], value: [host], source: `${key}.url` },
    {
      path: ["server", "ingress", "ingressClassName"],
      value: ingress.className,
      source: `${key}.ingress.className`,
    },
  ];
  const tls = ingress.tls;
  if (ingress.mode === "alb") {
    const arn = tls.kind === "acm" ? tls.certificateArn : "";
    entries.push(...under(["server", "ingress"], albAnnotations(ingress, key, arn)), {
      path: ["server", "ingress", "tls"],
      value: [],
      source: tlsSource,
    });
    return entries;
  }
  const secretName = tls.kind === "secret" ? tls.secretName : workflowsTlsSecretName(releaseName);
  entries.push(...under(["server", "ingress"], nginxAnnotations(ingress, key, "HTTP")), {
    path: ["server", "ingress", "tls"],
    value: [{ secretName, hosts: [host] }],
    source: tlsSource,
  });
  return entries;
}

/** The nested values of `entries`. */
export function valuesOfEntries(entries: readonly ManagedValue[]): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const { path, value } of entries) {
    let leaf: unknown = value;
    for (let i = path.length - 1; i >= 0; i--) leaf = { [path[i]]: leaf };
    out = mergeValues(out, leaf as Record<string, unknown>);
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON-like values. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return a === b;
}

/** One value of `userValues` that contradicts a managed ingress value. */
export interface IngressContradiction {
  /** The path the user set, formatted (`server.ingress.hostname`). */
  readonly path: string;
  readonly message: string;
}

/**
 * Every place where `userValues` sets a managed ingress value to something else (or replaces one
 * of its parent maps with a non-map). A user value equal to the managed one is no contradiction.
 */
export function ingressContradictions(
  userValues: unknown,
  entries: readonly ManagedValue[],
): IngressContradiction[] {
  const found = new Map<string, IngressContradiction>();
  for (const { path, value, source } of entries) {
    let node: unknown = userValues;
    for (let i = 0; i < path.length; i++) {
      if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, path[i])) break;
      node = node[path[i]];
      const here = formatValuePath(path.slice(0, i + 1));
      const last = i === path.length - 1;
      if (found.has(here)) break;
      if (last && !sameValue(node, value)) {
        found.set(here, {
          path: here,
          message: `${JSON.stringify(node)} contradicts ${source}, which sets it to ${JSON.stringify(value)}; remove it`,
        });
      } else if (!last && !isPlainObject(node)) {
        found.set(here, {
          path: here,
          message: `must be a map: ${source} sets ${formatValuePath(path)} to ${JSON.stringify(value)}; remove it`,
        });
        break;
      }
    }
  }
  return [...found.values()];
}

/** {@link ingressContradictions} as `<valuesKey>.<path>: <message>` lines. */
export function ingressContradictionProblems(
  userValues: unknown,
  entries: readonly ManagedValue[],
  valuesKey: string,
): string[] {
  return ingressContradictions(userValues, entries).map((c) => `${valuesKey}.${c.path}: ${c.message}`);
}
