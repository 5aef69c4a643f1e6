/**
 * The security-relevant values written out in full (issue 15): Dex on and its secret, the RBAC
 * settings, the Workflows SSO settings, secret marking of every Secret, the provider's context and
 * the disabled-application warning. Every expected value is a literal (the chart keys are those of
 * the pinned charts' values.yaml, argo-helm argo-cd-10.1.1 / argo-workflows-1.0.18), so a changed
 * value fails here even where other tests only check key names.
 */
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { argoCdManagedValues } from "../../components/argo-cd";
import { argoWorkflowsManagedValues } from "../../components/argo-workflows";
import { SamlAppAccess } from "../../components/saml-app-access";
import { clusterKubeconfig, clusterProvider } from "../../stacks/cluster";
import type { ClusterSpec } from "../../stacks/cluster";
import { findCreated, ofType, runProgram } from "../support/capture";
import { ARGOCD_SPEC, CLIENT, runSample, SAML, WORKFLOWS_SPEC } from "../contract/argo-sample";
import { runComponent, SAML_APP_ARN } from "./identity-center.fixture";

const SECRET = "kubernetes:core/v1:Secret";
const PROVIDER = "pulumi:providers:kubernetes";

describe("security-relevant values, written out", () => {
  describe("Argo CD chart values", () => {
    const input = {
      spec: ARGOCD_SPEC,
      saml: SAML,
      workflowsUrl: WORKFLOWS_SPEC.url,
      policyCsv: "g, 1111, role:admin\n",
      clientId: "argo-workflows-sso",
      secretName: "argo-workflows-sso",
      checksum: "16b25148917b8249",
    };

    it("turns Dex on, with the client secret from the Secret, probes and the checksum annotation", () => {
      expect((argoCdManagedValues(input) as { dex: unknown }).dex).to.deep.equal({
        enabled: true,
        env: [
          {
            name: "ARGO_WORKFLOWS_SSO_CLIENT_SECRET",
            valueFrom: { secretKeyRef: { name: "argo-workflows-sso", key: "client-secret" } },
          },
        ],
        livenessProbe: { enabled: true },
        readinessProbe: { enabled: true },
        podAnnotations: { "argo-sso/client-secret-checksum": "16b25148917b8249" },
      });
    });

    it("sets the URL, local admin, anonymous access, RBAC and CRD values", () => {
      const values = argoCdManagedValues(input) as {
        crds: unknown;
        configs: { cm: Record<string, unknown>; rbac: unknown };
      };
      const { "dex.config": dexConfig, ...cm } = values.configs.cm;
      expect(typeof dexConfig).to.equal("string");
      expect({ crds: values.crds, cm, rbac: values.configs.rbac }).to.deep.equal({
        crds: { keep: true },
        cm: {
          url: "https://argocd.dev.example.com",
          "admin.enabled": true,
          "users.anonymous.enabled": false,
        },
        rbac: {
          "policy.default": "",
          "policy.csv": "g, 1111, role:admin\n",
          scopes: "[groups, email]",
          "policy.matchMode": "glob",
        },
      });
    });
  });

  describe("Argo Workflows chart values", () => {
    it("runs argo-server in SSO mode with RBAC on, Argo CD's Dex as issuer and the shared client", () => {
      expect(
        argoWorkflowsManagedValues({
          spec: WORKFLOWS_SPEC,
          argocdUrl: "https://argocd.dev.example.com",
          secretName: "argo-workflows-sso",
          checksum: "16b25148917b8249",
          tokenSecrets: ["sso-admins.service-account-token"],
        }),
      ).to.deep.equal({
        // The chart's CRD hook Job would download CRDs at install time (issue 8): off.
        crds: { install: false },
        server: {
          authModes: ["sso"],
          authMode: "",
          sso: {
            enabled: true,
            issuer: "https://argocd.dev.example.com/api/dex",
            clientId: { name: "argo-workflows-sso", key: "client-id" },
            clientSecret: { name: "argo-workflows-sso", key: "client-secret" },
            redirectUrl: "https://workflows.dev.example.com/oauth2/callback",
            scopes: ["groups", "email", "profile"],
            sessionExpiry: "8h",
            rbac: {
              enabled: true,
              secretWhitelist: ["argo-workflows-sso", "sso-admins.service-account-token"],
            },
          },
          podAnnotations: { "argo-sso/client-secret-checksum": "16b25148917b8249" },
        },
      });
    });
  });

  describe("secret marking", () => {
    it("stores the data of every Secret as a Pulumi secret", async () => {
      const run = await runSample();
      const marking = Object.fromEntries(ofType(run, SECRET).map((s) => [s.name, s.additionalSecretOutputs]));
      // Each component asks for its own outputs first; @pulumi/kubernetes 4.34.2's Secret then adds
      // ["data", "stringData"] itself (core/v1/secret.js), and the request carries both lists.
      expect(marking).to.deep.equal({
        "argocd-sso-client": ["data", "stringData", "data", "stringData"],
        "workflows-sso-client": ["data", "stringData", "data", "stringData"],
        "workflows-sa-token-developers": ["data", "data", "stringData"],
        "workflows-sa-token-platform-admins": ["data", "data", "stringData"],
        "workflows-sa-token-release-managers": ["data", "data", "stringData"],
      });
    });

    it("marks the generated client secret secret", async () => {
      const run = await runSample();
      const password = findCreated(run, "random:index/randomPassword:RandomPassword", "sso-client-password");
      // @pulumi/random 4.21.2 marks result and bcryptHash itself; the component adds result again.
      expect(password.additionalSecretOutputs).to.deep.equal(["result", "bcryptHash", "result"]);
    });
  });

  describe("the Kubernetes provider (stacks/cluster.ts)", () => {
    async function providerInputs(spec: ClusterSpec): Promise<Record<string, unknown>> {
      const run = await runProgram({
        program: () => {
          clusterProvider(spec);
          return {};
        },
      });
      return findCreated(run, PROVIDER, "cluster").inputs;
    }

    it("selects the configured context with the ambient kubeconfig", async () => {
      expect(await providerInputs({ kind: "ambient", context: "dev" })).to.deep.include({ context: "dev" });
    });

    it("selects the configured context of a given kubeconfig, which stays secret", async () => {
      const inputs = await providerInputs({
        kind: "kubeconfig",
        kubeconfig: "apiVersion: v1",
        context: "prod",
      });
      expect(inputs).to.deep.include({ context: "prod", kubeconfig: "[secret]" });
    });

    it("sets no context when none is configured", async () => {
      expect(await providerInputs({ kind: "ambient" })).to.not.have.property("context");
    });

    it("uses the ambient kubeconfig only for kind ambient", () => {
      expect(clusterKubeconfig({ kind: "ambient" })).to.equal(undefined);
    });

    /** The kubeconfig text a stack reference gives, its secrecy and the StackReference's inputs. */
    async function referencedKubeconfig(output: unknown) {
      const reads: { type: string; name: string; inputs: unknown }[] = [];
      const run = await runProgram({
        mocks: { stackOutputs: { eksKubeconfig: output } },
        program: () => {
          // A StackReference is read, not registered: record the read requests.
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const monitor = pulumi.runtime.getMonitor() as any;
          const read = monitor.readResource.bind(monitor);
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          monitor.readResource = (req: any, callback: unknown) => {
            reads.push({
              type: req.getType(),
              name: req.getName(),
              inputs: req.getProperties()?.toJavaScript(),
            });
            return read(req, callback);
          };
          const kubeconfig = clusterKubeconfig({
            kind: "stackReference",
            stack: "acme/eks/dev",
            output: "eksKubeconfig",
          }) as pulumi.Output<string>;
          // The stack outputs mask secrets: export it once as is and once unwrapped.
          return { kubeconfig, text: pulumi.unsecret(kubeconfig) };
        },
      });
      return { text: run.outputs.text, secret: run.outputs.kubeconfig, reads };
    }

    it("reads the kubeconfig from the named output of the referenced stack, as a secret", async () => {
      expect(await referencedKubeconfig("apiVersion: v1\nkind: Config\n")).to.deep.equal({
        text: "apiVersion: v1\nkind: Config\n",
        secret: "[secret]",
        reads: [{ type: "pulumi:pulumi:StackReference", name: "cluster", inputs: { name: "acme/eks/dev" } }],
      });
    });

    it("turns an object kubeconfig output (EKS) into JSON text", async () => {
      const { text } = await referencedKubeconfig({ apiVersion: "v1", kind: "Config" });
      expect(text).to.equal('{"apiVersion":"v1","kind":"Config"}');
    });
  });

  describe("the SAML application's status", () => {
    const WARNING = `SAML application ${SAML_APP_ARN} is DISABLED: nobody can sign in to Argo CD`;

    function runAccess(status: string) {
      return runComponent(
        (provider) => {
          const access = new SamlAppAccess(
            "app",
            { applicationArn: SAML_APP_ARN, groupIds: { admins: "id-admins" } },
            { providers: [provider] },
          );
          return { applicationArn: access.applicationArn };
        },
        { applications: { [SAML_APP_ARN]: { status } } },
      );
    }

    it("warns that nobody can sign in when the application is disabled", async () => {
      const { run } = await runAccess("DISABLED");
      expect(run.warnings).to.deep.equal([WARNING]);
    });

    it("does not warn about an enabled application", async () => {
      const { run } = await runAccess("ENABLED");
      expect(run.warnings).to.deep.equal([]);
    });
  });

  it("uses the shared client's literal names in the sample", () => {
    // Guards the literals above against a change of the sample itself.
    expect([CLIENT.clientId, CLIENT.secretName, CLIENT.rotation]).to.deep.equal([
      "argo-workflows-sso",
      "argo-workflows-sso",
      "1",
    ]);
  });
});
