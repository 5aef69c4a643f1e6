import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
  ArgoWorkflows,
  groupIdOf,
  argoWorkflowsManagedValues,
  argoWorkflowsValues,
  type ArgoWorkflowsValuesInput,
} from "../../components/argo-workflows";
import {
  CLIENT_SECRET_CHECKSUM_ANNOTATION,
  formatValuePath,
  leafPaths,
  WORKFLOWS_MANAGED_PATHS,
} from "../../components/helm-values";
import { WORKFLOWS_PRECEDENCE } from "../../components/workflows-rules";
import { VIEW_RULES } from "../support/workflows-levels";
import { findCreated, ofType, runProgram } from "../support/capture";
import {
  ARGOCD_SPEC,
  CLIENT,
  CLUSTER_ROLE,
  CLUSTER_ROLE_BINDING,
  GROUP_IDS,
  GROUPS,
  group,
  kubernetesChildren,
  metadataOf,
  NAMESPACE,
  type Nested,
  RELEASE,
  runError,
  runSample,
  sampleProgram,
  SECRET,
  SERVICE_ACCOUNT,
  valuesOf,
  WORKFLOWS_SPEC,
} from "../contract/argo-sample";

const CONFIG_GROUP = "kubernetes:yaml/v2:ConfigGroup";

/** The parts of the mock monitor's RegisterResourceRequest read here. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getRetainondelete(): boolean;
  getTransformsList(): unknown[];
}

const INPUT: ArgoWorkflowsValuesInput = {
  spec: WORKFLOWS_SPEC,
  argocdUrl: ARGOCD_SPEC.url,
  secretName: CLIENT.secretName,
  checksum: "0123456789abcdef",
  tokenSecrets: [],
};

describe("ArgoWorkflows", () => {
  describe("argoWorkflowsManagedValues", () => {
    it("sets exactly the keys listed in WORKFLOWS_MANAGED_PATHS", () => {
      const values = argoWorkflowsManagedValues(INPUT) as Nested;
      // server.sso is managed as a whole subtree.
      const set = leafPaths(values)
        .map((p) => (p[0] === "server" && p[1] === "sso" ? ["server", "sso"] : p))
        .map(formatValuePath);
      expect([...new Set(set)].sort()).to.deep.equal(WORKFLOWS_MANAGED_PATHS.map(formatValuePath).sort());
    });

    it("configures SSO against Argo CD's Dex with the shared Secret", () => {
      expect((argoWorkflowsManagedValues(INPUT) as Nested).server.sso).to.deep.equal({
        enabled: true,
        issuer: "https://argocd.dev.example.com/api/dex",
        clientId: { name: CLIENT.secretName, key: "client-id" },
        clientSecret: { name: CLIENT.secretName, key: "client-secret" },
        redirectUrl: "https://workflows.dev.example.com/oauth2/callback",
        scopes: ["groups", "email", "profile"],
        sessionExpiry: "8h",
        rbac: { enabled: true, secretWhitelist: ["argo-workflows-sso"] },
      });
    });

    it("lets argo-server read only the OIDC Secret and the SSO token Secrets", () => {
      const values = argoWorkflowsManagedValues({
        ...INPUT,
        tokenSecrets: ["sso-a.service-account-token", "sso-b.service-account-token"],
      }) as Nested;
      expect(values.server.sso.rbac.secretWhitelist).to.deep.equal([
        "argo-workflows-sso",
        "sso-a.service-account-token",
        "sso-b.service-account-token",
      ]);
    });

    it("turns the chart's CRD install off (no hook Job that downloads CRDs)", () => {
      expect((argoWorkflowsManagedValues(INPUT) as Nested).crds).to.deep.equal({ install: false });
    });

    it("adds the managed ingress's values, argo-server without TLS behind it", () => {
      const spec = {
        ...WORKFLOWS_SPEC,
        ingress: {
          mode: "nginx" as const,
          className: "nginx",
          tls: { kind: "secret" as const, secretName: "wildcard" },
          scheme: "internal" as const,
          grpc: false,
        },
      };
      expect(argoWorkflowsManagedValues({ ...INPUT, spec })).to.nested.include({
        "server.secure": false,
        "server.ingress.enabled": true,
        "server.ingress.hosts[0]": "workflows.dev.example.com",
        "server.ingress.tls[0].secretName": "wildcard",
        "server.sso.enabled": true,
      });
    });

    it("refuses user values that contradict the managed ingress, naming both keys", () => {
      const spec = {
        ...WORKFLOWS_SPEC,
        values: { server: { ingress: { hosts: ["other.example.com"] } } },
        ingress: {
          mode: "alb" as const,
          className: "alb",
          tls: { kind: "acm" as const, certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/x" },
          scheme: "internal" as const,
          grpc: false,
        },
      };
      expect(() => argoWorkflowsValues({ ...INPUT, spec })).to.throw(
        'argo-sso:workflows.values.server.ingress.hosts: ["other.example.com"] contradicts argo-sso:workflows.url, which sets it to ["workflows.dev.example.com"]; remove it',
      );
    });

    it("takes the auth modes from the spec and clears the deprecated authMode", () => {
      const server = (
        argoWorkflowsManagedValues({
          ...INPUT,
          spec: { ...WORKFLOWS_SPEC, authModes: ["sso", "client"] },
        }) as Nested
      ).server;
      expect([server.authModes, server.authMode]).to.deep.equal([["sso", "client"], ""]);
    });

    it("annotates the server pod with the client secret checksum", () => {
      expect((argoWorkflowsManagedValues(INPUT) as Nested).server.podAnnotations).to.deep.equal({
        [CLIENT_SECRET_CHECKSUM_ANNOTATION]: INPUT.checksum,
      });
    });

    it("keeps user values beside the managed ones", () => {
      const spec = { ...WORKFLOWS_SPEC, values: { server: { replicas: 2 } } };
      expect(argoWorkflowsValues({ ...INPUT, spec })).to.nested.include({
        "server.replicas": 2,
        "server.sso.enabled": true,
      });
    });

    it("refuses user values that override the SSO settings, naming the key", () => {
      const spec = {
        ...WORKFLOWS_SPEC,
        values: { server: { sso: { issuer: "https://accounts.google.com" } } },
      };
      expect(() => argoWorkflowsValues({ ...INPUT, spec })).to.throw(
        "argo-sso:workflows.values.server.sso: is managed by argo-sso for SSO; remove it",
      );
    });
  });

  describe("component", () => {
    it("creates the namespace and the client Secret in it", async () => {
      const run = await runSample();
      expect(findCreated(run, NAMESPACE, "workflows-namespace").inputs.metadata).to.deep.include({
        name: "argo",
      });
      expect(findCreated(run, SECRET, "workflows-sso-client").inputs.metadata).to.deep.include({
        name: CLIENT.secretName,
        namespace: "argo",
      });
    });

    it("installs the pinned chart without waiting or rolling back (argo-server waits for Dex's URL)", async () => {
      const run = await runSample();
      expect(findCreated(run, RELEASE, "workflows-release").inputs).to.deep.include({
        name: "argo-workflows",
        chart: "argo-workflows",
        version: "1.0.18",
        namespace: "argo",
        atomic: false,
        skipAwait: true,
        cleanupOnFail: true,
        timeout: 600,
      });
    });

    it("keeps the Argo CD release atomic and waiting", async () => {
      const run = await runSample();
      expect(findCreated(run, RELEASE, "argocd-release").inputs).to.deep.include({
        atomic: true,
        skipAwait: false,
      });
    });

    it("installs the chart after its client Secret, the CRDs and the Argo CD release it waits for", async () => {
      const run = await runSample();
      expect(findCreated(run, RELEASE, "workflows-release").dependsOn).to.include.members([
        `${SECRET}::workflows-sso-client`,
        `${CONFIG_GROUP}::workflows-crds`,
        `${RELEASE}::argocd-release`,
      ]);
    });

    it("applies the vendored full CRDs from files, one per kind", async () => {
      const run = await runSample();
      expect(findCreated(run, CONFIG_GROUP, "workflows-crds").inputs).to.deep.equal({
        files: [
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_clusterworkflowtemplates.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_cronworkflows.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workflowartifactgctasks.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workfloweventbindings.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workflows.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workflowtaskresults.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workflowtasksets.yaml",
          "vendor/argo-workflows-1.0.18-crds/argoproj.io_workflowtemplates.yaml",
        ],
      });
    });

    it("registers the CRDs retained on delete, with a transform that retains each child", async () => {
      const seen = new Map<string, { retain: boolean; transforms: number }>();
      await runProgram({
        program: () => {
          // The mock monitor's registration request carries the options the mocks drop.
          const monitor = pulumi.runtime.getMonitor() as unknown as {
            registerResource: (req: RegisterRequest, cb: unknown) => unknown;
          };
          const register = monitor.registerResource.bind(monitor);
          monitor.registerResource = (req, cb) => {
            seen.set(`${req.getType()}::${req.getName()}`, {
              retain: req.getRetainondelete(),
              transforms: req.getTransformsList().length,
            });
            return register(req, cb);
          };
          return sampleProgram({})();
        },
      });
      expect(seen.get(`${CONFIG_GROUP}::workflows-crds`)).to.deep.equal({ retain: true, transforms: 1 });
      expect(seen.get(`${RELEASE}::workflows-release`)).to.deep.equal({ retain: false, transforms: 0 });
    });

    it("creates one ServiceAccount per group with a Workflows role", async () => {
      const run = await runSample();
      expect(ofType(run, SERVICE_ACCOUNT).map((r) => metadataOf(r).name)).to.have.members([
        "sso-developers",
        "sso-platform-admins",
        "sso-release-managers",
      ]);
    });

    it("selects each account by the group's ID with its level's precedence", async () => {
      const run = await runSample();
      expect(
        metadataOf(findCreated(run, SERVICE_ACCOUNT, "workflows-sa-developers")).annotations,
      ).to.deep.equal({
        "workflows.argoproj.io/rbac-rule": `'${GROUP_IDS.developers}' in ($env?.groups ?? [])`,
        "workflows.argoproj.io/rbac-rule-precedence": String(WORKFLOWS_PRECEDENCE.view),
      });
    });

    it("puts the accounts in the server's namespace", async () => {
      const run = await runSample({ workflows: { namespace: "workflows" } });
      expect(metadataOf(findCreated(run, SERVICE_ACCOUNT, "workflows-sa-developers")).namespace).to.equal(
        "workflows",
      );
    });

    it("gives each account a service-account-token Secret argo-server can read", async () => {
      const run = await runSample();
      const token = findCreated(run, SECRET, "workflows-sa-token-platform-admins");
      expect(token.inputs).to.deep.include({ type: "kubernetes.io/service-account-token" });
      expect(token.inputs.metadata).to.deep.include({
        name: "sso-platform-admins.service-account-token",
        namespace: "argo",
        annotations: { "kubernetes.io/service-account.name": "sso-platform-admins" },
      });
    });

    it("binds each account to the ClusterRole of its level", async () => {
      const run = await runSample();
      const binding = findCreated(run, CLUSTER_ROLE_BINDING, "workflows-binding-release-managers");
      expect(binding.inputs.roleRef).to.deep.equal({
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: "argo-workflows-sso-edit",
      });
      expect(binding.inputs.subjects).to.deep.equal([
        { kind: "ServiceAccount", name: "sso-release-managers", namespace: "argo" },
      ]);
    });

    it("writes each level's least-privilege rules into its ClusterRole", async () => {
      const run = await runSample();
      expect(findCreated(run, CLUSTER_ROLE, "workflows-role-view").inputs.rules).to.deep.equal(VIEW_RULES);
    });

    it("lets every level get the named artifact Secrets, by name only", async () => {
      const run = await runSample({ workflows: { artifactSecrets: ["s3-creds", "minio"] } });
      for (const level of ["view", "edit", "admin"]) {
        const rules = findCreated(run, CLUSTER_ROLE, `workflows-role-${level}`).inputs.rules as unknown[];
        expect(rules[rules.length - 1], level).to.deep.equal({
          apiGroups: [""],
          resources: ["secrets"],
          resourceNames: ["s3-creds", "minio"],
          verbs: ["get"],
        });
      }
    });

    it("creates ClusterRoles only for the levels in use", async () => {
      const run = await runSample({ groups: { devs: group("devs", { workflows: "view" }) } });
      expect(ofType(run, CLUSTER_ROLE).map((r) => r.name)).to.deep.equal(["workflows-role-view"]);
    });

    it("creates no account for a group without a Workflows role", async () => {
      const run = await runSample();
      expect(run.resources.filter((r) => r.name.includes("auditors"))).to.deep.equal([]);
    });

    it("puts every Kubernetes resource on the given provider", async () => {
      const children = kubernetesChildren(
        await runSample(),
        "argo-sso:argo-workflows:ArgoWorkflows::workflows",
      );
      expect(children).to.have.length.greaterThan(2);
      expect([...new Set(children.map((r) => r.provider))]).to.deep.equal([
        "pulumi:providers:kubernetes::k8s",
      ]);
    });

    it("also accepts the provider as opts.provider", async () => {
      const run = await runProgram({
        program: () => {
          const provider = new k8s.Provider("cluster", {});
          const clientSecret = { ...CLIENT, checksum: "c", clientSecret: pulumi.secret("s") };
          const args = {
            spec: WORKFLOWS_SPEC,
            argocdUrl: ARGOCD_SPEC.url,
            groups: GROUPS,
            groupIds: GROUP_IDS,
            clientSecret,
          };
          new ArgoWorkflows("wf", args, { provider });
          return {};
        },
      });
      const k8sResources = run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
      expect([...new Set(k8sResources.map((r) => r.provider))]).to.deep.equal([
        "pulumi:providers:kubernetes::cluster",
      ]);
    });

    it("points argo-server at Argo CD's issuer in the release values", async () => {
      const run = await runSample();
      expect(valuesOf(run, "workflows-release").server.sso.issuer).to.equal(`${ARGOCD_SPEC.url}/api/dex`);
    });

    it("hands the release the client Secret, its checksum and every token Secret", async () => {
      const server = valuesOf(await runSample(), "workflows-release").server;
      expect(server.sso.clientId).to.deep.equal({ name: "argo-workflows-sso", key: "client-id" });
      expect(server.sso.rbac.secretWhitelist).to.deep.equal([
        "argo-workflows-sso",
        "sso-developers.service-account-token",
        "sso-platform-admins.service-account-token",
        "sso-release-managers.service-account-token",
      ]);
      // clientSecretChecksum("argo-workflows-sso", "1"), written out (test/components/sso-client-secret.test.ts)
      expect(server.podAnnotations).to.deep.equal({
        [CLIENT_SECRET_CHECKSUM_ANNOTATION]: "16b25148917b8249",
      });
    });

    it("names each binding after the release and the account, with the managed labels", async () => {
      const run = await runSample();
      expect(
        findCreated(run, CLUSTER_ROLE_BINDING, "workflows-binding-release-managers").inputs.metadata,
      ).to.deep.equal({
        name: "argo-workflows-sso-release-managers",
        labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "argo-sso" },
      });
    });

    it("protects the namespace only when asked", async () => {
      const protectedRun = await runSample({ protect: true });
      expect(findCreated(protectedRun, NAMESPACE, "workflows-namespace").protect).to.equal(true);
      const plain = await runSample();
      expect(findCreated(plain, NAMESPACE, "workflows-namespace").protect).to.equal(false);
    });

    it("reports the ServiceAccount of each group with a Workflows role", async () => {
      let accounts: Record<string, string> | undefined;
      await runSample({
        onCreated: ({ workflows }) => {
          workflows.serviceAccounts.apply((value) => (accounts = value));
        },
      });
      expect(accounts).to.deep.equal({
        developers: "sso-developers",
        "platform-admins": "sso-platform-admins",
        "release-managers": "sso-release-managers",
      });
    });

    it("fails with every problem on its own line", async () => {
      const error = await runError({
        workflows: { authModes: ["client"], values: { server: { sso: { issuer: "https://elsewhere" } } } },
      });
      expect(error.message).to.contain(
        [
          "argo-sso:workflows.values.server.sso: is managed by argo-sso for SSO; remove it",
          'argo-sso:workflows.authModes: must include "sso"',
        ].join("\n"),
      );
    });

    it("refuses auth modes without sso", async () => {
      const error = await runError({ workflows: { authModes: ["client"] } });
      expect(error.message).to.contain('argo-sso:workflows.authModes: must include "sso"');
    });
  });

  describe("groupIdOf", () => {
    /** The value of an Output, resolved. */
    const valueOf = (output: pulumi.Output<string>) =>
      new Promise<string>((resolve) => output.apply((v) => resolve(v)));

    it("takes one group's ID from a plain map of IDs and from an Output of the map", async () => {
      const ids = { a: "id-a", b: pulumi.output("id-b") };
      expect(await valueOf(groupIdOf(ids, "a"))).to.equal("id-a");
      expect(await valueOf(groupIdOf(ids, "b"))).to.equal("id-b");
      expect(await valueOf(groupIdOf(pulumi.output({ a: "id-a" }), "a"))).to.equal("id-a");
    });

    it("gives an empty ID for a key that is not in the map, inherited names included", async () => {
      expect(await valueOf(groupIdOf({ a: "id-a" }, "b"))).to.equal("");
      expect(await valueOf(groupIdOf({ a: "id-a" }, "constructor"))).to.equal("");
      expect(await valueOf(groupIdOf(pulumi.output({ a: "id-a" }), "b"))).to.equal("");
    });
  });
});
