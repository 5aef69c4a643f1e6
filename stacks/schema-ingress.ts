/**
 * `argo-sso:argocd.ingress` and `argo-sso:workflows.ingress` in the stack-config schema: the
 * typed ingress of each server (components/ingress-values.ts turns it into chart values), and
 * the check that the server's `values` do not contradict it.
 */
import { z } from "zod";
import {
  INGRESS_MODES,
  ingressContradictions,
  type IngressSpec,
  type ManagedValue,
} from "../components/ingress-values";
import { httpsUrlProblem } from "./schema-identity";
import { ON_MAP, bool, choice, isObj, own, problem, rawSegment, section, str, type Obj } from "./schema-kit";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An ACM certificate ARN (AWS Certificate Manager, "ARN format"). */
const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
/** The certificate sources each mode can use. */
const TLS_BY_MODE: Readonly<Record<string, readonly string[]>> = {
  nginx: ["secretName", "certManager"],
  alb: ["acmCertificateArn"],
};
export const subdomain = (hint: string) => str({ max: 253, pattern: DNS1123_SUBDOMAIN, hint });

/** The rules between the keys of an ingress. */
function checkIngress(ingress: Obj, ctx: z.core.$RefinementCtx) {
  const mode = own(ingress, "mode");
  const known = mode === "nginx" || mode === "alb" ? mode : undefined;
  const example =
    known === "alb"
      ? "{ acmCertificateArn: arn:aws:acm:<region>:<account>:certificate/<id> }"
      : "{ secretName: <tls Secret> } or { certManager: { issuer: <name> } }";
  const tls = own(ingress, "tls");
  const given = ["secretName", "certManager", "acmCertificateArn"].filter((k) => own(tls, k) !== undefined);
  if (tls === undefined) problem(ctx, ["tls"], `required: the certificate, e.g. ${example}`);
  else if (isObj(tls) && given.length === 0)
    problem(ctx, ["tls"], `required: one certificate source, e.g. ${example}`);
  else if (isObj(tls) && given.length > 1)
    problem(ctx, ["tls"], `set one certificate source, got ${given.join(" and ")}`);
  else if (isObj(tls) && known !== undefined && !TLS_BY_MODE[known].includes(given[0])) {
    const alb = "an ALB takes its certificate from ACM only: set acmCertificateArn";
    const nginx = `${known} cannot use an ACM certificate; set secretName or certManager`;
    problem(ctx, ["tls", given[0]], known === "alb" ? alb : nginx);
  }
  if (own(ingress, "scheme") !== undefined && known === "nginx")
    problem(ctx, ["scheme"], "applies to mode alb only (the ALB's scheme)");
  if (own(ingress, "grpc") === true && known === "alb") {
    const why = "mode alb always routes gRPC (the chart's aws controller adds a gRPC Service and rule)";
    problem(ctx, ["grpc"], `${why}; remove it`);
  }
}

function ingressSchema(grpc: boolean) {
  const subdomainName = subdomain("a DNS-1123 subdomain");
  const shape = {
    mode: choice(INGRESS_MODES, (input) =>
      input === undefined ? `required: one of ${INGRESS_MODES.join(", ")}` : undefined,
    ).describe(
      "How traffic reaches the server: nginx (ingress-nginx) or alb (AWS Load Balancer Controller).",
    ),
    className: subdomain("an IngressClass name")
      .optional()
      .describe("spec.ingressClassName. Default: the mode's name, nginx or alb."),
    tls: section(
      {
        secretName: subdomainName
          .optional()
          .describe("nginx: an existing kubernetes.io/tls Secret in the server's namespace."),
        certManager: section(
          {
            issuer: subdomainName.describe("The cert-manager issuer's name."),
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
    .superRefine(checkIngress, ON_MAP)
    .optional()
    .describe("The managed ingress; absent: argo-sso sets no ingress value.");
}

export const argocdIngress = ingressSchema(true);
export const workflowsIngress = ingressSchema(false);
type IngressConfig = NonNullable<z.output<typeof argocdIngress> | z.output<typeof workflowsIngress>>;

/** The validated ingress keys mapped onto the ingress component's {@link IngressSpec}. */
export function ingressSpec(ingress: IngressConfig | undefined): { ingress?: IngressSpec } {
  if (ingress === undefined) return {};
  const { secretName, certManager, acmCertificateArn } = ingress.tls ?? {};
  const tls: IngressSpec["tls"] =
    secretName !== undefined
      ? { kind: "secret", secretName }
      : certManager !== undefined
        ? { kind: "certManager", issuer: certManager.issuer, issuerKind: certManager.kind }
        : { kind: "acm", certificateArn: acmCertificateArn as string };
  const { mode, className = mode, scheme = "internal" } = ingress;
  return { ingress: { mode, className, tls, scheme, grpc: "grpc" in ingress && ingress.grpc === true } };
}

/**
 * With a managed ingress, every chart value that contradicts it is a problem naming both keys
 * (components/ingress-values.ts); checked once the URL, the ingress and the values are valid.
 */
export function checkIngressValues(
  ctx: z.core.$RefinementCtx,
  release: Obj,
  schema: typeof argocdIngress | typeof workflowsIngress,
  entriesOf: (ingress: IngressSpec, url: string) => ManagedValue[],
): void {
  const url = own(release, "url");
  const parsed = schema.safeParse(own(release, "ingress"));
  if (typeof url !== "string" || httpsUrlProblem(url, true) !== undefined || !parsed.success) return;
  const { ingress } = ingressSpec(parsed.data);
  for (const c of ingress === undefined
    ? []
    : ingressContradictions(own(release, "values"), entriesOf(ingress, url)))
    problem(ctx, ["values", rawSegment(c.path)], c.message);
}
