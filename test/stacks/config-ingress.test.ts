/**
 * `argo-sso:argocd.ingress`, `argo-sso:workflows.ingress` and `argo-sso:workflows.artifactSecrets`
 * through loadStackConfig, over the example stacks. Messages are written out literally.
 */
import { expect } from "chai";
import {
  REMOVE,
  devRuntimeConfig,
  load,
  problemsOf,
  prodRuntimeConfig,
  warningsOf,
  withPath,
} from "../support/configs";

const CD = "argo-sso:argocd";
const WF = "argo-sso:workflows";
const ARN = "arn:aws:acm:us-east-1:555555555555:certificate/0b5d6c3e-1f2a-4b7c-9d8e-123456789abc";
const withCd = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), CD, at, value);
const withWf = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), WF, at, value);
const prodCd = (at: (string | number)[], value: unknown) => withPath(prodRuntimeConfig(), CD, at, value);

describe("ingress config", () => {
  describe("the example stacks", () => {
    it("dev: Argo CD behind nginx with a cert-manager ClusterIssuer, no separate gRPC host", () => {
      expect(load(devRuntimeConfig()).config!.argocd.ingress).to.deep.equal({
        mode: "nginx",
        className: "nginx",
        tls: { kind: "certManager", issuer: "letsencrypt-staging", issuerKind: "ClusterIssuer" },
        scheme: "internal",
        grpc: false,
      });
    });

    it("dev: Argo Workflows behind nginx with a named TLS Secret, and its artifact Secret", () => {
      const workflows = load(devRuntimeConfig()).config!.workflows;
      expect(workflows.ingress).to.deep.equal({
        mode: "nginx",
        className: "nginx",
        tls: { kind: "secret", secretName: "wildcard-dev-example-com" },
        scheme: "internal",
        grpc: false,
      });
      expect(workflows.artifactSecrets).to.deep.equal(["minio-artifacts"]);
    });

    it("prod: both servers behind an internet-facing ALB with the ACM certificate", () => {
      const config = load(prodRuntimeConfig()).config!;
      const alb = {
        mode: "alb",
        className: "alb",
        tls: { kind: "acm", certificateArn: ARN },
        scheme: "internet-facing",
        grpc: false,
      };
      expect(config.argocd.ingress).to.deep.equal(alb);
      expect(config.workflows.ingress).to.deep.equal(alb);
      expect(config.workflows.artifactSecrets).to.deep.equal([]);
    });
  });

  describe("bad input, each problem naming its key", () => {
    it("refuses alb without a certificate", () => {
      expect(problemsOf(prodCd(["ingress", "tls"], REMOVE))).to.deep.equal([
        "argo-sso:argocd.ingress.tls: required: the certificate, e.g. { acmCertificateArn: arn:aws:acm:<region>:<account>:certificate/<id> }",
      ]);
    });

    it("refuses an empty TLS section and two certificate sources", () => {
      expect(problemsOf(withWf(["ingress", "tls"], {}))).to.deep.equal([
        "argo-sso:workflows.ingress.tls: required: one certificate source, e.g. { secretName: <tls Secret> } or { certManager: { issuer: <name> } }",
      ]);
      expect(
        problemsOf(withWf(["ingress", "tls"], { secretName: "a", certManager: { issuer: "b" } })),
      ).to.deep.equal([
        "argo-sso:workflows.ingress.tls: set one certificate source, got secretName and certManager",
      ]);
    });

    it("refuses a Kubernetes Secret with alb and an ACM certificate with nginx", () => {
      expect(problemsOf(prodCd(["ingress", "tls"], { secretName: "tls" }))).to.deep.equal([
        "argo-sso:argocd.ingress.tls.secretName: an ALB takes its certificate from ACM only: set acmCertificateArn",
      ]);
      expect(problemsOf(withCd(["ingress", "tls"], { acmCertificateArn: ARN }))).to.deep.equal([
        "argo-sso:argocd.ingress.tls.acmCertificateArn: nginx cannot use an ACM certificate; set secretName or certManager",
      ]);
    });

    it("refuses a malformed certificate ARN", () => {
      expect(
        problemsOf(prodCd(["ingress", "tls", "acmCertificateArn"], "arn:aws:iam::1:cert/x")),
      ).to.deep.equal([
        'argo-sso:argocd.ingress.tls.acmCertificateArn: must be an ACM certificate ARN, arn:aws:acm:<region>:<account>:certificate/<id>, got "arn:aws:iam::1:cert/x"',
      ]);
    });

    it("requires a known mode", () => {
      expect(problemsOf(withCd(["ingress", "mode"], REMOVE))).to.deep.equal([
        "argo-sso:argocd.ingress.mode: required: one of nginx, alb",
      ]);
      expect(problemsOf(withCd(["ingress", "mode"], "traefik"))).to.have.length(1);
    });

    it("refuses grpc with alb and scheme with nginx", () => {
      expect(problemsOf(prodCd(["ingress", "grpc"], true))).to.deep.equal([
        "argo-sso:argocd.ingress.grpc: mode alb always routes gRPC (the chart's aws controller adds a gRPC Service and rule); remove it",
      ]);
      expect(problemsOf(withCd(["ingress", "scheme"], "internal"))).to.deep.equal([
        "argo-sso:argocd.ingress.scheme: applies to mode alb only (the ALB's scheme)",
      ]);
    });

    it("has no grpc key for Argo Workflows", () => {
      expect(problemsOf(withWf(["ingress", "grpc"], true))).to.deep.equal([
        "argo-sso:workflows.ingress.grpc: unknown key; allowed: mode, className, tls, scheme",
      ]);
    });

    it("refuses a host in values that differs from the URL, naming both keys", () => {
      expect(problemsOf(withCd(["values", "server", "ingress", "hostname"], "cd.example.com"))).to.deep.equal(
        [
          'argo-sso:argocd.values.server.ingress.hostname: "cd.example.com" contradicts argo-sso:argocd.url, which sets it to "argocd.dev.example.com"; remove it',
        ],
      );
      expect(problemsOf(withWf(["values", "server", "ingress", "hosts"], ["wf.example.com"]))).to.deep.equal([
        'argo-sso:workflows.values.server.ingress.hosts: ["wf.example.com"] contradicts argo-sso:workflows.url, which sets it to ["workflows.dev.example.com"]; remove it',
      ]);
    });

    it("refuses a values override that contradicts the mode, naming both keys", () => {
      expect(problemsOf(withCd(["values", "configs", "params", "server.insecure"], false))).to.deep.equal([
        'argo-sso:argocd.values.configs.params."server.insecure": false contradicts argo-sso:argocd.ingress.mode, which sets it to true; remove it',
      ]);
      expect(
        problemsOf(
          prodCd(
            ["values", "server", "ingress", "annotations", "alb.ingress.kubernetes.io/target-type"],
            "instance",
          ),
        ),
      ).to.deep.equal([
        'argo-sso:argocd.values.server.ingress.annotations."alb.ingress.kubernetes.io/target-type": "instance" contradicts argo-sso:argocd.ingress.mode, which sets it to "ip"; remove it',
      ]);
      expect(problemsOf(withWf(["values", "server", "secure"], true))).to.deep.equal([
        "argo-sso:workflows.values.server.secure: true contradicts argo-sso:workflows.ingress.mode, which sets it to false; remove it",
      ]);
    });

    it("accepts extra annotations and values equal to the managed ones", () => {
      const config = withPath(
        withCd(["values", "server", "ingress"], {
          hostname: "argocd.dev.example.com",
          annotations: { "nginx.ingress.kubernetes.io/proxy-body-size": "10m" },
        }),
        WF,
        ["values", "server", "secure"],
        false,
      );
      expect(problemsOf(config)).to.deep.equal([]);
    });

    it("warns about an ingress set by hand in values", () => {
      const config = withPath(withCd(["ingress"], REMOVE), CD, ["values", "server", "ingress"], {
        enabled: true,
      });
      expect(warningsOf(config)).to.include(
        "argo-sso:argocd.values.server.ingress.enabled: an ingress set by hand gets none of the TLS settings it needs; use argo-sso:argocd.ingress instead",
      );
      expect(problemsOf(config)).to.deep.equal([]);
    });

    it("refuses the chart's CRD install, which would download the CRDs", () => {
      expect(problemsOf(withWf(["values", "crds"], { install: true }))).to.deep.equal([
        "argo-sso:workflows.values.crds.install: managed by argo-sso; argo-sso applies the full CRDs itself from vendor/ (the chart's would be downloaded at install time); remove it",
      ]);
    });

    it("refuses artifact Secret names that are not Secret names, or repeated", () => {
      expect(problemsOf(withWf(["artifactSecrets"], ["ok", "Bad_Name", "ok"]))).to.deep.equal([
        'argo-sso:workflows.artifactSecrets[1]: must be a Secret name (DNS-1123 subdomain), got "Bad_Name"',
      ]);
      expect(problemsOf(withWf(["artifactSecrets"], ["ok", "ok"]))).to.deep.equal([
        'argo-sso:workflows.artifactSecrets[1]: duplicate Secret "ok"',
      ]);
    });
  });
});
