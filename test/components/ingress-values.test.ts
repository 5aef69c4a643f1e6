/**
 * The managed ingress values, written out literally. Sources: chart argo-cd-10.1.1 README
 * ("Ingress configuration": the nginx example with `server.insecure: true`, backend-protocol
 * HTTP, force-ssl-redirect and extraTls; the AWS ALB example with target-type ip, backend-protocol
 * HTTP, listen-ports 80/443, ssl-redirect 443, `aws.serviceType: ClusterIP`,
 * `backendProtocolVersion: GRPC`), templates/argocd-server/ingress-grpc.yaml (host `grpc.<host>`),
 * argo-cd v3.4.4 docs/operator-manual/ingress.md (nginx gRPC Ingress: backend-protocol GRPC) and
 * chart argo-workflows-1.0.18 values.yaml (`server.ingress.hosts`, `tls`, `server.secure`).
 */
import { expect } from "chai";
import {
  argoCdIngressEntries,
  ingressContradictionProblems,
  valuesOfEntries,
  workflowsIngressEntries,
  type IngressSpec,
} from "../../components/ingress-values";

const ARN = "arn:aws:acm:us-east-1:555555555555:certificate/0b5d6c3e-1f2a-4b7c-9d8e-123456789abc";
const NGINX_CM: IngressSpec = {
  mode: "nginx",
  className: "nginx",
  tls: { kind: "certManager", issuer: "letsencrypt", issuerKind: "ClusterIssuer" },
  scheme: "internal",
  grpc: false,
};
const NGINX_SECRET: IngressSpec = { ...NGINX_CM, tls: { kind: "secret", secretName: "wildcard-tls" } };
const ALB: IngressSpec = {
  mode: "alb",
  className: "alb",
  tls: { kind: "acm", certificateArn: ARN },
  scheme: "internet-facing",
  grpc: false,
};

describe("components/ingress-values", () => {
  describe("argoCdIngressEntries", () => {
    it("nginx + named Secret: insecure server, generic Ingress on the URL's host, extraTls", () => {
      expect(valuesOfEntries(argoCdIngressEntries(NGINX_SECRET, "https://argocd.example.com"))).to.deep.equal(
        {
          configs: { params: { "server.insecure": true } },
          server: {
            ingress: {
              enabled: true,
              hostname: "argocd.example.com",
              ingressClassName: "nginx",
              controller: "generic",
              annotations: {
                "nginx.ingress.kubernetes.io/backend-protocol": "HTTP",
                "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
              },
              tls: false,
              extraTls: [{ hosts: ["argocd.example.com"], secretName: "wildcard-tls" }],
            },
          },
        },
      );
    });

    it("nginx + cert-manager: the issuer annotation and the chart's tls: true", () => {
      const ingress = (
        valuesOfEntries(argoCdIngressEntries(NGINX_CM, "https://argocd.example.com")) as {
          server: { ingress: Record<string, unknown> };
        }
      ).server.ingress;
      expect(ingress.annotations).to.deep.equal({
        "nginx.ingress.kubernetes.io/backend-protocol": "HTTP",
        "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
        "cert-manager.io/cluster-issuer": "letsencrypt",
      });
      expect(ingress.tls).to.equal(true);
      expect(ingress).to.not.have.property("extraTls");
    });

    it("nginx + a namespaced Issuer uses cert-manager.io/issuer", () => {
      const spec: IngressSpec = {
        ...NGINX_CM,
        tls: { kind: "certManager", issuer: "ca", issuerKind: "Issuer" },
      };
      const values = valuesOfEntries(argoCdIngressEntries(spec, "https://a.example.com"));
      expect(values).to.nested.include({ "server.ingress.annotations.cert-manager\\.io/issuer": "ca" });
    });

    it("nginx + grpc: a second Ingress grpc.<host> with backend-protocol GRPC", () => {
      const values = valuesOfEntries(
        argoCdIngressEntries({ ...NGINX_SECRET, grpc: true }, "https://argocd.example.com"),
      ) as { server: { ingressGrpc: unknown } };
      expect(values.server.ingressGrpc).to.deep.equal({
        enabled: true,
        hostname: "grpc.argocd.example.com",
        ingressClassName: "nginx",
        annotations: { "nginx.ingress.kubernetes.io/backend-protocol": "GRPC" },
        tls: false,
        extraTls: [{ hosts: ["grpc.argocd.example.com"], secretName: "wildcard-tls" }],
      });
    });

    it("alb + ACM: the chart README's ALB values with the certificate and the scheme", () => {
      expect(valuesOfEntries(argoCdIngressEntries(ALB, "https://argocd.acme.example"))).to.deep.equal({
        configs: { params: { "server.insecure": true } },
        server: {
          ingress: {
            enabled: true,
            hostname: "argocd.acme.example",
            ingressClassName: "alb",
            controller: "aws",
            aws: { serviceType: "ClusterIP", backendProtocolVersion: "GRPC" },
            annotations: {
              "alb.ingress.kubernetes.io/scheme": "internet-facing",
              "alb.ingress.kubernetes.io/target-type": "ip",
              "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
              "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
              "alb.ingress.kubernetes.io/ssl-redirect": "443",
              "alb.ingress.kubernetes.io/certificate-arn": ARN,
            },
            tls: false,
          },
        },
      });
    });
  });

  describe("workflowsIngressEntries", () => {
    it("nginx + named Secret: plain-HTTP argo-server, hosts and tls from the URL", () => {
      expect(
        valuesOfEntries(
          workflowsIngressEntries(NGINX_SECRET, "https://workflows.example.com", "argo-workflows"),
        ),
      ).to.deep.equal({
        server: {
          secure: false,
          ingress: {
            enabled: true,
            hosts: ["workflows.example.com"],
            ingressClassName: "nginx",
            annotations: {
              "nginx.ingress.kubernetes.io/backend-protocol": "HTTP",
              "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
            },
            tls: [{ secretName: "wildcard-tls", hosts: ["workflows.example.com"] }],
          },
        },
      });
    });

    it("nginx + cert-manager: cert-manager fills <release>-server-tls", () => {
      const values = valuesOfEntries(
        workflowsIngressEntries(NGINX_CM, "https://workflows.example.com", "wf"),
      ) as { server: { ingress: { tls: unknown } } };
      expect(values.server.ingress.tls).to.deep.equal([
        { secretName: "wf-server-tls", hosts: ["workflows.example.com"] },
      ]);
    });

    it("alb + ACM: ALB annotations, no TLS Secret", () => {
      const values = valuesOfEntries(
        workflowsIngressEntries(ALB, "https://workflows.acme.example", "argo-workflows"),
      ) as { server: { secure: boolean; ingress: Record<string, unknown> } };
      expect(values.server.secure).to.equal(false);
      expect(values.server.ingress.tls).to.deep.equal([]);
      expect(values.server.ingress.annotations).to.deep.equal({
        "alb.ingress.kubernetes.io/scheme": "internet-facing",
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/backend-protocol": "HTTP",
        "alb.ingress.kubernetes.io/listen-ports": '[{"HTTP":80},{"HTTPS":443}]',
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
        "alb.ingress.kubernetes.io/certificate-arn": ARN,
      });
    });
  });

  describe("ingressContradictionProblems", () => {
    const entries = argoCdIngressEntries(ALB, "https://argocd.acme.example");
    const problems = (values: unknown) =>
      ingressContradictionProblems(values, entries, "argo-sso:argocd.values");

    it("names the value and the config key it contradicts", () => {
      expect(
        problems({
          server: {
            ingress: {
              hostname: "other.acme.example",
              annotations: { "alb.ingress.kubernetes.io/target-type": "instance" },
            },
          },
        }),
      ).to.deep.equal([
        'argo-sso:argocd.values.server.ingress.hostname: "other.acme.example" contradicts argo-sso:argocd.url, which sets it to "argocd.acme.example"; remove it',
        'argo-sso:argocd.values.server.ingress.annotations."alb.ingress.kubernetes.io/target-type": "instance" contradicts argo-sso:argocd.ingress.mode, which sets it to "ip"; remove it',
      ]);
    });

    it("refuses server.insecure false, naming the ingress mode", () => {
      expect(problems({ configs: { params: { "server.insecure": false } } })).to.deep.equal([
        'argo-sso:argocd.values.configs.params."server.insecure": false contradicts argo-sso:argocd.ingress.mode, which sets it to true; remove it',
      ]);
    });

    it("refuses a parent replaced by a non-map", () => {
      expect(problems({ server: { ingress: true } })).to.deep.equal([
        "argo-sso:argocd.values.server.ingress: must be a map: argo-sso:argocd.ingress.mode sets server.ingress.enabled to true; remove it",
      ]);
    });

    it("accepts equal values and extra annotations", () => {
      expect(
        problems({
          server: {
            ingress: {
              hostname: "argocd.acme.example",
              annotations: { "alb.ingress.kubernetes.io/group.name": "shared" },
            },
          },
        }),
      ).to.deep.equal([]);
    });
  });
  describe("the config key behind each managed value (named in contradiction messages)", () => {
    const sources = (entries: readonly { path: readonly (string | number)[]; source: string }[]) =>
      entries.map((e) => `${e.path.join(" > ")} <- ${e.source}`);

    it("Argo CD on an ALB", () => {
      expect(sources(argoCdIngressEntries(ALB, "https://argocd.example.com", "k"))).to.deep.equal([
        "configs > params > server.insecure <- k.ingress.mode",
        "server > ingress > enabled <- k.ingress.mode",
        "server > ingress > hostname <- k.url",
        "server > ingress > ingressClassName <- k.ingress.className",
        "server > ingress > controller <- k.ingress.mode",
        "server > ingress > aws > serviceType <- k.ingress.mode",
        "server > ingress > aws > backendProtocolVersion <- k.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/scheme <- k.ingress.scheme",
        "server > ingress > annotations > alb.ingress.kubernetes.io/target-type <- k.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/backend-protocol <- k.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/listen-ports <- k.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/ssl-redirect <- k.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/certificate-arn <- k.ingress.tls.acmCertificateArn",
        "server > ingress > tls <- k.ingress.tls",
      ]);
    });

    it("Argo CD on nginx with cert-manager and the gRPC Ingress", () => {
      expect(
        sources(argoCdIngressEntries({ ...NGINX_CM, grpc: true }, "https://argocd.example.com")),
      ).to.deep.equal([
        "configs > params > server.insecure <- argo-sso:argocd.ingress.mode",
        "server > ingress > enabled <- argo-sso:argocd.ingress.mode",
        "server > ingress > hostname <- argo-sso:argocd.url",
        "server > ingress > ingressClassName <- argo-sso:argocd.ingress.className",
        "server > ingress > controller <- argo-sso:argocd.ingress.mode",
        "server > ingress > annotations > nginx.ingress.kubernetes.io/backend-protocol <- argo-sso:argocd.ingress.mode",
        "server > ingress > annotations > nginx.ingress.kubernetes.io/force-ssl-redirect <- argo-sso:argocd.ingress.mode",
        "server > ingress > annotations > cert-manager.io/cluster-issuer <- argo-sso:argocd.ingress.tls.certManager",
        "server > ingress > tls <- argo-sso:argocd.ingress.tls",
        "server > ingressGrpc > enabled <- argo-sso:argocd.ingress.grpc",
        "server > ingressGrpc > hostname <- argo-sso:argocd.url",
        "server > ingressGrpc > ingressClassName <- argo-sso:argocd.ingress.className",
        "server > ingressGrpc > annotations > nginx.ingress.kubernetes.io/backend-protocol <- argo-sso:argocd.ingress.mode",
        "server > ingressGrpc > annotations > cert-manager.io/cluster-issuer <- argo-sso:argocd.ingress.tls.certManager",
        "server > ingressGrpc > tls <- argo-sso:argocd.ingress.tls",
      ]);
    });

    it("Argo Workflows on nginx and on an ALB", () => {
      expect(
        sources(workflowsIngressEntries(NGINX_SECRET, "https://wf.example.com", "argo-workflows")),
      ).to.deep.equal([
        "server > secure <- argo-sso:workflows.ingress.mode",
        "server > ingress > enabled <- argo-sso:workflows.ingress.mode",
        "server > ingress > hosts <- argo-sso:workflows.url",
        "server > ingress > ingressClassName <- argo-sso:workflows.ingress.className",
        "server > ingress > annotations > nginx.ingress.kubernetes.io/backend-protocol <- argo-sso:workflows.ingress.mode",
        "server > ingress > annotations > nginx.ingress.kubernetes.io/force-ssl-redirect <- argo-sso:workflows.ingress.mode",
        "server > ingress > tls <- argo-sso:workflows.ingress.tls",
      ]);
      expect(
        sources(workflowsIngressEntries(ALB, "https://wf.example.com", "argo-workflows", "w")).slice(4),
      ).to.deep.equal([
        "server > ingress > annotations > alb.ingress.kubernetes.io/scheme <- w.ingress.scheme",
        "server > ingress > annotations > alb.ingress.kubernetes.io/target-type <- w.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/backend-protocol <- w.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/listen-ports <- w.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/ssl-redirect <- w.ingress.mode",
        "server > ingress > annotations > alb.ingress.kubernetes.io/certificate-arn <- w.ingress.tls.acmCertificateArn",
        "server > ingress > tls <- w.ingress.tls",
      ]);
    });
  });

  describe("ingressContradictions on lists and maps", () => {
    const url = "https://argocd.example.com";
    const cdProblems = (values: unknown) =>
      ingressContradictionProblems(values, argoCdIngressEntries(NGINX_SECRET, url), "v");
    const wfProblems = (values: unknown) =>
      ingressContradictionProblems(values, workflowsIngressEntries(NGINX_SECRET, url, "argo-workflows"), "v");
    const extraTls = (value: unknown) => cdProblems({ server: { ingress: { extraTls: value } } });

    it("accepts an equal list of equal maps, in any key order", () => {
      expect(extraTls([{ secretName: "wildcard-tls", hosts: ["argocd.example.com"] }])).to.deep.equal([]);
      expect(wfProblems({ server: { ingress: { hosts: ["argocd.example.com"] } } })).to.deep.equal([]);
    });

    it("refuses a list of another length, another item, a map with a key more or less, a map for a list", () => {
      const managed = '[{"hosts":["argocd.example.com"],"secretName":"wildcard-tls"}]';
      const refused = (given: string) =>
        `v.server.ingress.extraTls: ${given} contradicts argo-sso:argocd.ingress.tls, which sets it to ${managed}; remove it`;
      const item = { hosts: ["argocd.example.com"], secretName: "wildcard-tls" };
      expect([
        extraTls([]),
        extraTls([item, item]),
        extraTls([{ ...item, secretName: "other" }]),
        extraTls([{ ...item, hosts: ["argocd.example.com", "b"] }]),
        extraTls([{ ...item, extra: 1 }]),
        extraTls([{ hosts: item.hosts }]),
        extraTls({ 0: item }),
      ]).to.deep.equal([
        [refused("[]")],
        [refused(`[${JSON.stringify(item)},${JSON.stringify(item)}]`)],
        [refused('[{"hosts":["argocd.example.com"],"secretName":"other"}]')],
        [refused('[{"hosts":["argocd.example.com","b"],"secretName":"wildcard-tls"}]')],
        [refused('[{"hosts":["argocd.example.com"],"secretName":"wildcard-tls","extra":1}]')],
        [refused('[{"hosts":["argocd.example.com"]}]')],
        [refused(`{"0":${JSON.stringify(item)}}`)],
      ]);
      expect(wfProblems({ server: { ingress: { hosts: "argocd.example.com" } } })).to.deep.equal([
        'v.server.ingress.hosts: "argocd.example.com" contradicts argo-sso:workflows.url, which sets it to ["argocd.example.com"]; remove it',
      ]);
    });

    it("refuses a parent given as null", () => {
      expect(cdProblems({ server: { ingress: null } })).to.deep.equal([
        "v.server.ingress: must be a map: argo-sso:argocd.ingress.mode sets server.ingress.enabled to true; remove it",
      ]);
    });

    it("refuses a top-level parent given as text, once", () => {
      expect(cdProblems({ server: "argocd" })).to.deep.equal([
        "v.server: must be a map: argo-sso:argocd.ingress.mode sets server.ingress.enabled to true; remove it",
      ]);
    });
  });
});
