import { expect } from "chai";
import * as YAML from "yaml";
import { argoCdManagedValues, argoCdValues, type ArgoCdValuesInput } from "../../components/argo-cd";
import {
  ARGOCD_MANAGED_PATHS,
  CLIENT_SECRET_CHECKSUM_ANNOTATION,
  formatValuePath,
  leafPaths,
} from "../../components/helm-values";
import { WORKFLOWS_CLIENT_SECRET_ENV } from "../../components/dex-config";
import { findCreated } from "../support/capture";
import {
  ARGOCD_SPEC,
  CLIENT,
  GROUP_IDS,
  kubernetesChildren,
  NAMESPACE,
  type Nested,
  RELEASE,
  runError,
  runSample,
  SAML,
  SECRET,
  valuesOf,
  WORKFLOWS_SPEC,
} from "../contract/argo-sample";

const INPUT: ArgoCdValuesInput = {
  spec: ARGOCD_SPEC,
  saml: SAML,
  workflowsUrl: WORKFLOWS_SPEC.url,
  policyCsv: "g, 1111, role:admin\n",
  clientId: CLIENT.clientId,
  secretName: CLIENT.secretName,
  checksum: "0123456789abcdef",
};

describe("ArgoCd", () => {
  describe("argoCdManagedValues", () => {
    it("sets exactly the keys listed in ARGOCD_MANAGED_PATHS", () => {
      const set = leafPaths(argoCdManagedValues(INPUT)).map(formatValuePath).sort();
      expect(set).to.deep.equal(ARGOCD_MANAGED_PATHS.map(formatValuePath).sort());
    });

    it("sets the Argo CD URL", () => {
      expect(argoCdManagedValues(INPUT)).to.nested.include({ "configs.cm.url": ARGOCD_SPEC.url });
    });

    it("takes the local admin and anonymous settings from the spec", () => {
      const cm = (
        argoCdManagedValues({
          ...INPUT,
          spec: { ...ARGOCD_SPEC, adminEnabled: false, anonymousEnabled: true },
        }) as Nested
      ).configs.cm;
      expect([cm["admin.enabled"], cm["users.anonymous.enabled"]]).to.deep.equal([false, true]);
    });

    it("puts a Dex config with one SAML connector into dex.config", () => {
      const dex = YAML.parse(String((argoCdManagedValues(INPUT) as Nested).configs.cm["dex.config"]));
      expect(dex.connectors.map((c: { type: string }) => c.type)).to.deep.equal(["saml"]);
    });

    it("takes the Dex log level from the spec", () => {
      const values = argoCdManagedValues({
        ...INPUT,
        spec: { ...ARGOCD_SPEC, dexLogLevel: "debug" },
      }) as Nested;
      expect(YAML.parse(String(values.configs.cm["dex.config"])).logger.level).to.equal("debug");
    });

    it("sets policy.default from the spec, the policy text, glob matching and scopes [groups, email]", () => {
      const rbac = (
        argoCdManagedValues({ ...INPUT, spec: { ...ARGOCD_SPEC, defaultRole: "role:readonly" } }) as Nested
      ).configs.rbac;
      expect(rbac).to.deep.equal({
        "policy.default": "role:readonly",
        "policy.csv": INPUT.policyCsv,
        scopes: "[groups, email]",
        "policy.matchMode": "glob",
      });
    });

    it("hands Dex the client secret through an env var from the Secret, never the value", () => {
      expect((argoCdManagedValues(INPUT) as Nested).dex.env).to.deep.equal([
        {
          name: WORKFLOWS_CLIENT_SECRET_ENV,
          valueFrom: { secretKeyRef: { name: CLIENT.secretName, key: "client-secret" } },
        },
      ]);
    });

    it("turns on Dex's liveness and readiness probes", () => {
      expect(argoCdManagedValues(INPUT)).to.nested.include({
        "dex.livenessProbe.enabled": true,
        "dex.readinessProbe.enabled": true,
      });
    });

    it("annotates the Dex pod with the client secret checksum", () => {
      expect((argoCdManagedValues(INPUT) as Nested).dex.podAnnotations).to.deep.equal({
        [CLIENT_SECRET_CHECKSUM_ANNOTATION]: INPUT.checksum,
      });
    });

    it("keeps CRDs when the release is removed", () => {
      expect(argoCdManagedValues(INPUT)).to.nested.include({ "crds.keep": true });
    });
  });

  describe("argoCdValues", () => {
    it("sets global.domain to the URL's host by default", () => {
      expect(argoCdValues(INPUT)).to.nested.include({ "global.domain": "argocd.dev.example.com" });
    });

    it("lets user values change global.domain and add other keys", () => {
      const spec = {
        ...ARGOCD_SPEC,
        values: { global: { domain: "cd.example.com" }, configs: { cm: { "exec.enabled": true } } },
      };
      expect(argoCdValues({ ...INPUT, spec })).to.nested.include({
        "global.domain": "cd.example.com",
        "configs.cm.url": ARGOCD_SPEC.url,
      });
      expect((argoCdValues({ ...INPUT, spec }) as Nested).configs.cm["exec.enabled"]).to.equal(true);
    });

    it("refuses user values that override a managed SSO key, naming it", () => {
      const spec = { ...ARGOCD_SPEC, values: { configs: { cm: { "dex.config": "connectors: []" } } } };
      expect(() => argoCdValues({ ...INPUT, spec })).to.throw(
        'argo-sso:argocd.values.configs.cm."dex.config": is managed by argo-sso for SSO; remove it',
      );
    });
  });

  describe("with a managed ingress", () => {
    // The nginx + named-Secret ingress values, written out as in test/components/ingress-values.test.ts
    // (chart argo-cd-10.1.1 README "Ingress configuration").
    const NGINX = {
      mode: "nginx",
      className: "nginx",
      tls: { kind: "secret", secretName: "wildcard-tls" },
      scheme: "internal",
      grpc: false,
    } as const;
    const WITH_INGRESS = { ...INPUT, spec: { ...ARGOCD_SPEC, ingress: NGINX } };

    it("adds the ingress values to the managed values", () => {
      const values = argoCdManagedValues(WITH_INGRESS) as Nested;
      expect(values.configs.params).to.deep.equal({ "server.insecure": true });
      expect(values.server.ingress).to.deep.equal({
        enabled: true,
        hostname: "argocd.dev.example.com",
        ingressClassName: "nginx",
        controller: "generic",
        annotations: {
          "nginx.ingress.kubernetes.io/backend-protocol": "HTTP",
          "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
        },
        tls: false,
        extraTls: [{ hosts: ["argocd.dev.example.com"], secretName: "wildcard-tls" }],
      });
    });

    it("has no ingress values without a managed ingress", () => {
      const values = argoCdManagedValues(INPUT) as Nested;
      expect(values.server).to.equal(undefined);
      expect(values.configs.params).to.equal(undefined);
    });

    it("refuses user values that contradict the managed ingress", () => {
      const spec = {
        ...WITH_INGRESS.spec,
        values: { server: { ingress: { hostname: "other.example.com" } } },
      };
      expect(() => argoCdValues({ ...INPUT, spec })).to.throw(
        'argo-sso:argocd.values.server.ingress.hostname: "other.example.com" contradicts argo-sso:argocd.url, which sets it to "argocd.dev.example.com"; remove it',
      );
    });

    it("accepts those user values without a managed ingress", () => {
      const spec = { ...ARGOCD_SPEC, values: { server: { ingress: { hostname: "other.example.com" } } } };
      expect((argoCdValues({ ...INPUT, spec }) as Nested).server.ingress.hostname).to.equal(
        "other.example.com",
      );
    });

    it("fails with every problem on its own line before creating anything", async () => {
      const error = await runError({
        argocd: {
          ingress: NGINX,
          values: {
            configs: { rbac: { "policy.csv": "g, x, role:admin" } },
            server: { ingress: { hostname: "other.example.com" } },
          },
        },
      });
      expect(error.message).to.contain(
        [
          'argo-sso:argocd.values.configs.rbac."policy.csv": is managed by argo-sso for SSO; remove it',
          'argo-sso:argocd.values.server.ingress.hostname: "other.example.com" contradicts argo-sso:argocd.url, which sets it to "argocd.dev.example.com"; remove it',
        ].join("\n"),
      );
    });
  });

  describe("component", () => {
    it("creates the namespace named in the spec", async () => {
      const run = await runSample();
      expect(findCreated(run, NAMESPACE, "argocd-namespace").inputs.metadata).to.deep.include({
        name: "argocd",
      });
    });

    it("protects the namespace when asked", async () => {
      const run = await runSample({ protect: true });
      expect(findCreated(run, NAMESPACE, "argocd-namespace").protect).to.equal(true);
    });

    it("leaves the namespace unprotected by default", async () => {
      const run = await runSample();
      expect(findCreated(run, NAMESPACE, "argocd-namespace").protect).to.equal(false);
    });

    it("writes the client Secret into its namespace with secret stringData", async () => {
      const run = await runSample();
      const secret = findCreated(run, SECRET, "argocd-sso-client");
      expect(secret.inputs.metadata).to.deep.include({ name: CLIENT.secretName, namespace: "argocd" });
      expect(secret.inputs.stringData).to.equal("[secret]");
    });

    it("installs the pinned argo-cd chart from argo-helm, atomically, with a timeout", async () => {
      const run = await runSample();
      expect(findCreated(run, RELEASE, "argocd-release").inputs).to.deep.include({
        name: "argocd",
        chart: "argo-cd",
        version: "10.1.1",
        namespace: "argocd",
        // The argo-helm repository URL from its README (argoproj/argo-helm, tag argo-cd-10.1.1).
        repositoryOpts: { repo: "https://argoproj.github.io/argo-helm" },
        createNamespace: false,
        atomic: true,
        cleanupOnFail: true,
        timeout: 600,
      });
    });

    it("takes the chart version from the spec", async () => {
      const run = await runSample({ argocd: { chartVersion: "10.2.0" } });
      expect(findCreated(run, RELEASE, "argocd-release").inputs.version).to.equal("10.2.0");
    });

    it("installs the chart only after the namespace and the client Secret", async () => {
      const run = await runSample();
      expect(findCreated(run, RELEASE, "argocd-release").dependsOn).to.include.members([
        `${SECRET}::argocd-sso-client`,
        `${NAMESPACE}::argocd-namespace`,
      ]);
    });

    it("binds the Identity Store group IDs in policy.csv", async () => {
      const run = await runSample();
      const csv = String(valuesOf(run, "argocd-release").configs.rbac["policy.csv"]);
      expect(csv).to.contain(`g, ${GROUP_IDS["platform-admins"]}, role:admin`);
      expect(csv).to.contain(`g, ${GROUP_IDS.developers}, role:readonly`);
    });

    it("parents every child to the component", async () => {
      const run = await runSample();
      const children = run.resources.filter((r) => r.name.startsWith("argocd-"));
      expect(children.map((r) => r.parent)).to.deep.equal(
        children.map(() => "argo-sso:argo-cd:ArgoCd::argocd"),
      );
    });

    it("puts every Kubernetes resource on the given provider", async () => {
      const children = kubernetesChildren(await runSample(), "argo-sso:argo-cd:ArgoCd::argocd");
      expect(children).to.have.length.greaterThan(2);
      expect([...new Set(children.map((r) => r.provider))]).to.deep.equal([
        "pulumi:providers:kubernetes::k8s",
      ]);
    });

    it("exports the URL and the Dex issuer", async () => {
      const run = await runSample();
      expect(run.outputs).to.deep.include({
        argocdUrl: ARGOCD_SPEC.url,
        dexIssuer: `${ARGOCD_SPEC.url}/api/dex`,
      });
    });

    it("fails with the config key when user values override a managed key", async () => {
      const error = await runError({
        argocd: { values: { configs: { rbac: { "policy.csv": "g, x, role:admin" } } } },
      });
      expect(error.message).to.contain(
        'argo-sso:argocd.values.configs.rbac."policy.csv": is managed by argo-sso for SSO',
      );
    });
  });
});
