/**
 * Checks over rendered manifests that return every problem found (empty = fine), so that a test
 * can both assert a correct render and show that a broken one is reported.
 */
import * as YAML from "yaml";
import { configMapData, findObject, type ChartRender } from "./render";
import type { K8sObject } from "./k8s-schema";

/** A container of any pod template, with where it sits. */
export interface ContainerRef {
  readonly object: K8sObject;
  readonly where: string;
  readonly container: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every container and init container of every pod spec inside `object`, at any depth. */
export function containersOf(object: K8sObject): ContainerRef[] {
  const out: ContainerRef[] = [];
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}[${i}]`));
    if (!isRecord(value)) return;
    for (const [key, child] of Object.entries(value)) {
      if ((key === "containers" || key === "initContainers") && Array.isArray(child)) {
        child.forEach((c: unknown, i) => {
          if (isRecord(c)) out.push({ object, where: `${at}.${key}[${i}]`, container: c });
        });
      } else {
        walk(child, `${at}.${key}`);
      }
    }
  };
  walk(object.spec, "spec");
  return out;
}

/** Hosts that stay inside the cluster: Service names (no dot), `*.svc[.cluster.local]`, loopback. */
export function isClusterHost(host: string): boolean {
  const h = host.toLowerCase();
  return (
    !h.includes(".") ||
    /\.svc(\.cluster\.local)?$/.test(h) ||
    h === "127.0.0.1" ||
    h === "[::1]" ||
    h === "localhost"
  );
}

const URL_PATTERN = /\b(?:https?|ftp|s3|gs|git|ssh|oci):\/\/([^/\s"':]+|\[[^\]]+\])[^\s"']*/gi;

/**
 * Every URL outside the cluster in a container's command, args or env values, for every
 * workload (Jobs and hooks included): `<kind>/<name> <container> <field>: <url>`.
 */
export function internetFetches(objects: readonly K8sObject[]): string[] {
  const found: string[] = [];
  for (const object of objects) {
    for (const { container, where } of containersOf(object)) {
      const texts: [string, unknown][] = [
        ["command", container.command],
        ["args", container.args],
        ...(Array.isArray(container.env) ? container.env : []).map((e: unknown): [string, unknown] => [
          `env ${String((e as { name?: unknown }).name)}`,
          (e as { value?: unknown }).value,
        ]),
      ];
      for (const [field, value] of texts) {
        for (const text of (Array.isArray(value) ? value : [value]).filter((v) => typeof v === "string")) {
          for (const match of (text as string).matchAll(URL_PATTERN)) {
            // Only http(s) can name a Service; s3://, git://, oci://... always leave the cluster.
            if (!/^https?:/i.test(match[0]) || !isClusterHost(match[1])) {
              found.push(
                `${String(object.kind)}/${String(object.metadata?.name)} ${where} ${field}: ${match[0]}`,
              );
            }
          }
        }
      }
    }
  }
  return found;
}

/** `dex.config` of `argocd-cm`, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dexConfig(argocd: ChartRender): any {
  const text = configMapData(argocd, "argocd-cm")["dex.config"];
  if (typeof text !== "string") throw new Error("argocd-cm has no dex.config");
  return YAML.parse(text) as unknown;
}

/** What one static client's secret must resolve to. */
export interface SecretRef {
  readonly name: string;
  readonly key: string;
}

/**
 * For each Dex static client with a `secretEnv`, the Dex container must set that variable from
 * `expected` (Secret name and key); every mismatch is a problem.
 */
export function secretEnvProblems(argocd: ChartRender, expected: SecretRef): string[] {
  const problems: string[] = [];
  const dex = findObject(argocd, "Deployment", `${argocd.release.name}-dex-server`);
  const container = containersOf(dex).find((c) => c.container.name === "dex-server")?.container;
  if (!container) return ["the Dex Deployment has no dex-server container"];
  const env = (Array.isArray(container.env) ? container.env : []) as Record<string, unknown>[];
  const clients = (dexConfig(argocd)?.staticClients ?? []) as Record<string, unknown>[];
  if (clients.length === 0) problems.push("dex.config has no static clients");
  for (const client of clients) {
    const name = client.secretEnv;
    if (typeof name !== "string") {
      problems.push(`static client ${String(client.id)} has no secretEnv`);
      continue;
    }
    const entries = env.filter((e) => e.name === name);
    if (entries.length !== 1) {
      problems.push(
        `secretEnv ${name} of static client ${String(client.id)} is set ${entries.length} times on dex-server`,
      );
      continue;
    }
    const ref = (entries[0].valueFrom as { secretKeyRef?: Record<string, unknown> } | undefined)
      ?.secretKeyRef;
    if (ref?.name !== expected.name || ref?.key !== expected.key) {
      problems.push(
        `secretEnv ${name} comes from ${JSON.stringify(ref ?? entries[0])}, expected Secret ${expected.name} key ${expected.key}`,
      );
    }
  }
  return problems;
}

/** Annotations of the pod template of a Deployment. */
export function podAnnotations(render: ChartRender, deployment: string): Record<string, string> {
  const d = findObject(render, "Deployment", deployment) as {
    spec?: { template?: { metadata?: { annotations?: unknown } } };
  };
  return (d.spec?.template?.metadata?.annotations ?? {}) as Record<string, string>;
}

/** The args of the named container of a Deployment. */
export function containerArgs(render: ChartRender, deployment: string, container: string): string[] {
  const found = containersOf(findObject(render, "Deployment", deployment)).find(
    (c) => c.container.name === container,
  );
  if (!found) throw new Error(`${deployment} has no container ${container}`);
  return (found.container.args ?? []) as string[];
}

/** Every Ingress of a render, by name. */
export function ingresses(render: ChartRender): K8sObject[] {
  return render.objects.filter((o) => o.kind === "Ingress");
}

interface IngressSpec {
  rules?: {
    host?: string;
    http?: {
      paths?: { backend?: { service?: { name?: string; port?: { number?: number; name?: string } } } }[];
    };
  }[];
  tls?: { hosts?: string[]; secretName?: string }[];
}

/**
 * What makes an Ingress in front of a server work end to end, whatever the mode:
 * - every rule's host is `host` (the host of the configured URL), and TLS covers it (a
 *   `spec.tls` entry with a Secret, or an ALB HTTPS listener with a certificate);
 * - the protocol the ingress speaks to the backend is the one the server serves: `serverTls`
 *   says whether the server itself serves TLS on the backend port;
 * - ALB in front of ClusterIP Services needs `target-type: ip`.
 */
export function ingressProblems(ingress: K8sObject, host: string, serverTls: boolean): string[] {
  const problems: string[] = [];
  const name = `Ingress/${String(ingress.metadata?.name)}`;
  const spec = (ingress.spec ?? {}) as IngressSpec & { ingressClassName?: string };
  const annotations = (ingress.metadata?.annotations ?? {}) as Record<string, string>;
  const rules = spec.rules ?? [];
  if (rules.length === 0) problems.push(`${name} has no rules`);
  for (const rule of rules) {
    if (rule.host !== host) problems.push(`${name} rule host ${String(rule.host)}, expected ${host}`);
  }
  const alb = spec.ingressClassName === "alb" || annotations["kubernetes.io/ingress.class"] === "alb";
  if (alb) {
    const listen = annotations["alb.ingress.kubernetes.io/listen-ports"] ?? "";
    if (!/"HTTPS"\s*:\s*443/.test(listen))
      problems.push(`${name}: the ALB has no HTTPS:443 listener (listen-ports ${JSON.stringify(listen)})`);
    const certified =
      Boolean(annotations["alb.ingress.kubernetes.io/certificate-arn"]) ||
      (spec.tls ?? []).some((t) => (t.hosts ?? []).includes(host));
    if (!certified) problems.push(`${name}: the ALB has no certificate for ${host}`);
    if (annotations["alb.ingress.kubernetes.io/target-type"] !== "ip") {
      problems.push(
        `${name}: an ALB in front of a ClusterIP Service needs alb.ingress.kubernetes.io/target-type: ip`,
      );
    }
    const backendTls = /^HTTPS$/i.test(annotations["alb.ingress.kubernetes.io/backend-protocol"] ?? "HTTP");
    if (backendTls !== serverTls) {
      problems.push(
        `${name}: the ALB speaks ${backendTls ? "HTTPS" : "HTTP"} to a server that serves ${serverTls ? "HTTPS" : "HTTP"}`,
      );
    }
  } else {
    const tls = (spec.tls ?? []).find((t) => (t.hosts ?? []).includes(host));
    if (!tls?.secretName) problems.push(`${name}: no TLS Secret for ${host}`);
    const protocol = annotations["nginx.ingress.kubernetes.io/backend-protocol"] ?? "HTTP";
    const backendTls = /^(HTTPS|GRPCS)$/i.test(protocol);
    if (backendTls !== serverTls) {
      problems.push(
        `${name}: nginx speaks ${protocol} to a server that serves ${serverTls ? "HTTPS" : "HTTP"}`,
      );
    }
  }
  return problems;
}
