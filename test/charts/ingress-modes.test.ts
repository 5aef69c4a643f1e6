/**
 * The managed ingress and the server's own settings as the real charts render them: prod (ALB +
 * ACM), and dev with Argo CD's extra gRPC Ingress. Expected values are written out from the
 * chart templates at tags argo-cd-10.1.1 (templates/argocd-server/aws/ingress.yaml,
 * aws/service.yaml, ingress-grpc.yaml) and argo-workflows-1.0.18
 * (templates/server/server-cluster-roles.yaml, server-deployment.yaml, crds.yaml).
 */
import { expect } from "chai";
import { configMapData, findObject, helm, renderStack, type StackRender } from "./support/render";
import { containerArgs } from "./support/checks";
import { devRuntimeConfig, prodRuntimeConfig, withPath } from "../support/configs";

const ARN = "arn:aws:acm:us-east-1:555555555555:certificate/0b5d6c3e-1f2a-4b7c-9d8e-123456789abc";

async function render(ctx: Mocha.Context, key: string, stack: string, config: () => Record<string, string>) {
  ctx.timeout(180000);
  const binary = helm();
  if (!binary) ctx.skip();
  return renderStack(key, stack, config, binary as string);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe("managed ingress rendered by the real charts", () => {
  describe("prod: ALB with an ACM certificate", () => {
    let r: StackRender;
    before(async function () {
      r = await render(this, "prod", "prod", prodRuntimeConfig);
    });

    it("argocd-server serves plain HTTP behind the ALB", () => {
      expect(configMapData(r.charts["argo-cd"], "argocd-cmd-params-cm")["server.insecure"]).to.equal("true");
    });

    it("the Argo CD Ingress carries the ALB annotations and routes gRPC to the -grpc Service on port 80", () => {
      const ingress: Loose = findObject(r.charts["argo-cd"], "Ingress", "argocd-server");
      expect(ingress.metadata.annotations).to.deep.include({
        "alb.ingress.kubernetes.io/scheme": "internet-facing",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": ARN,
      });
      expect(ingress.spec.ingressClassName).to.equal("alb");
      expect(ingress.spec.rules[0].host).to.equal("argocd.acme.example");
      expect(ingress.spec.rules[0].http.paths.map((p: Loose) => p.backend.service)).to.deep.equal([
        { name: "argocd-server-grpc", port: { number: 80 } },
        { name: "argocd-server", port: { number: 80 } },
      ]);
      expect(ingress.spec).to.not.have.property("tls");
    });

    it("the gRPC Service is ClusterIP and tells the ALB to speak gRPC", () => {
      const service: Loose = findObject(r.charts["argo-cd"], "Service", "argocd-server-grpc");
      expect(service.spec.type).to.equal("ClusterIP");
      expect(service.metadata.annotations).to.deep.include({
        "alb.ingress.kubernetes.io/backend-protocol-version": "GRPC",
      });
    });

    it("argo-server runs without TLS behind its ALB Ingress", () => {
      const ingress: Loose = findObject(r.charts["argo-workflows"], "Ingress", "argo-workflows-server");
      expect(ingress.spec.rules.map((rule: Loose) => rule.host)).to.deep.equal(["workflows.acme.example"]);
      expect(ingress.metadata.annotations).to.deep.include({
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/certificate-arn": ARN,
      });
      expect(containerArgs(r.charts["argo-workflows"], "argo-workflows-server", "argo-server")).to.include(
        "--secure=false",
      );
    });

    it("argo-server may read only the OIDC Secret and the SSO token Secrets", () => {
      const role: Loose = findObject(r.charts["argo-workflows"], "ClusterRole", "argo-workflows-server");
      const secretGets = role.rules.filter(
        (rule: Loose) => rule.resources.includes("secrets") && rule.verbs.includes("get"),
      );
      expect(secretGets.map((rule: Loose) => rule.resourceNames)).to.deep.equal([
        ["sso"],
        [
          "argo-workflows-sso",
          "sso-auditors.service-account-token",
          "sso-developers.service-account-token",
          "sso-platform.service-account-token",
        ],
      ]);
    });

    it("renders no CRD and no hook Job (the program applies the vendored CRDs)", () => {
      const kinds = r.charts["argo-workflows"].objects.map((o) => o.kind);
      expect(kinds).to.not.include("CustomResourceDefinition");
      expect(kinds).to.not.include("Job");
    });
  });

  describe("dev with argocd.ingress.grpc: a second Ingress for the argocd CLI", () => {
    let r: StackRender;
    before(async function () {
      r = await render(this, "dev-grpc", "dev", () =>
        withPath(devRuntimeConfig(), "argo-sso:argocd", ["ingress", "grpc"], true),
      );
    });

    it("puts gRPC on grpc.<host> with backend protocol GRPC and cert-manager's Secret", () => {
      const ingress: Loose = findObject(r.charts["argo-cd"], "Ingress", "argocd-server-grpc");
      expect(ingress.metadata.annotations).to.deep.equal({
        "nginx.ingress.kubernetes.io/backend-protocol": "GRPC",
        "cert-manager.io/cluster-issuer": "letsencrypt-staging",
      });
      expect(ingress.spec.rules[0].host).to.equal("grpc.argocd.dev.example.com");
      expect(ingress.spec.tls).to.deep.equal([
        { hosts: ["grpc.argocd.dev.example.com"], secretName: "argocd-server-grpc-tls" },
      ]);
    });

    it("keeps the HTTP Ingress on the URL's host with force-ssl-redirect", () => {
      const ingress: Loose = findObject(r.charts["argo-cd"], "Ingress", "argocd-server");
      expect(ingress.spec.rules[0].host).to.equal("argocd.dev.example.com");
      expect(ingress.metadata.annotations).to.deep.include({
        "nginx.ingress.kubernetes.io/backend-protocol": "HTTP",
        "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
      });
      expect(ingress.spec.tls).to.deep.equal([
        { hosts: ["argocd.dev.example.com"], secretName: "argocd-server-tls" },
      ]);
    });
  });
});
