/**
 * `argo-sso:argocd.ingress` and `argo-sso:workflows.ingress` in the stack-config schema: the
 * typed ingress of each server (components/ingress-values.ts turns it into chart values), and
 * the check that the server's `values` do not contradict it.
 */
import { z } from "zod";
import { INGRESS_MODES, type IngressSpec } from "./types";
import { ingressContradictions, type ManagedValue } from "../components/ingress-values";
import { httpsUrlProblem } from "./schema-identity";
import { ON_MAP, bool, choice, isObj, own, problem, rawSegment, section, str, type Obj } from "./schema-kit";

export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** An ACM certificate ARN (AWS Certificate Manager, "ARN format"). */
export const ACM_CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;
const TLS_SOURCES = ["secretName", "certManager", "acmCertificateArn"];
const TLS_BY_MODE: Readonly<Record<string, readonly string[]>> = {
  nginx: ["secretName", "certManager"],
  alb: ["acmCertificateArn"],
};
export const subdomain = (hint: string) => str({ max: 253, pattern: DNS1123_SUBDOMAIN, hint });

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

export const argocdIngress = ingressSchema(true);
export const workflowsIngress = ingressSchema(false);
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
  if (ingress === undefined) return;
  for (const c of ingressContradictions(own(release, "values"), entriesOf(ingress, url)))
    problem(ctx, ["values", rawSegment(c.path)], c.message);
}
