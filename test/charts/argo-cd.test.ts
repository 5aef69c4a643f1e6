/**
 * The argo-cd chart (10.1.1) rendered for real with the exact values of the program's Release,
 * for dev, prod and a generated config: what lands in argocd-cm, argocd-rbac-cm,
 * argocd-cmd-params-cm and the Dex Deployment.
 */
import { expect } from "chai";
import type { StackRender } from "./support/render";
import { configMapData, findObject } from "./support/render";
import { containersOf, dexConfig, podAnnotations, secretEnvProblems } from "./support/checks";
import { EXAMPLE_PEM, renderCase, STACK_CASES } from "./support/stacks";
import { devRuntimeConfig, withConfig } from "../support/configs";

for (const c of STACK_CASES) {
  describe(`argo-cd chart rendered for ${c.key}`, function () {
    let r: StackRender;
    before(async function () {
      r = await renderCase(this, c);
    });
    const argocd = () => r.charts["argo-cd"];

    it("renders the release under its name and namespace", () => {
      expect(argocd().release.name).to.equal(c.argocd.release);
      expect(argocd().release.namespace).to.equal(c.argocd.namespace);
      const cm = findObject(argocd(), "ConfigMap", "argocd-cm");
      expect(cm.metadata?.namespace).to.equal(c.argocd.namespace);
    });

    it("puts the configured URL and the local-user switches into argocd-cm", () => {
      const data = configMapData(argocd(), "argocd-cm");
      expect(data.url).to.equal(c.argocd.url);
      expect(data["admin.enabled"]).to.equal(c.adminEnabled);
      expect(data["users.anonymous.enabled"]).to.equal("false");
    });

    it("configures Dex's SAML connector for Identity Center in dex.config", () => {
      const connectors = dexConfig(argocd()).connectors as Record<string, unknown>[];
      expect(connectors).to.have.length(1);
      const [saml] = connectors;
      expect(saml.type).to.equal("saml");
      const config = saml.config as Record<string, string>;
      expect(config.ssoURL).to.equal(c.ssoURL);
      expect(config.redirectURI).to.equal(`${c.argocd.url}/api/dex/callback`);
      expect(config.entityIssuer).to.equal(`${c.argocd.url}/api/dex/callback`);
      expect(config.usernameAttr).to.equal("email");
      expect(config.emailAttr).to.equal("email");
      expect(config.groupsAttr).to.equal("groups");
      // Dex reads caData as bytes: base64 of the PEM file.
      expect(Buffer.from(config.caData, "base64").toString("utf8").trim()).to.equal(EXAMPLE_PEM.trim());
    });

    it("declares Argo Workflows as a static client whose callback is the Workflows URL", () => {
      const clients = dexConfig(argocd()).staticClients as Record<string, unknown>[];
      expect(clients).to.have.length(1);
      expect(clients[0].id).to.equal(c.clientId);
      expect(clients[0].redirectURIs).to.deep.equal([`${c.workflows.url}/oauth2/callback`]);
      expect(clients[0]).to.not.have.property("secret");
    });

    it("delivers the static client's secretEnv to Dex from the client Secret's key", () => {
      expect(secretEnvProblems(argocd(), c.clientSecret)).to.deep.equal([]);
    });

    it("keeps Dex's liveness and readiness probes on its health endpoints", () => {
      const dex = findObject(argocd(), "Deployment", "argocd-dex-server");
      const container = containersOf(dex).find((x) => x.container.name === "dex-server")?.container ?? {};
      expect(container.livenessProbe).to.deep.include({
        httpGet: { path: "/healthz/live", port: "metrics", scheme: "HTTP" },
      });
      expect(container.readinessProbe).to.deep.include({
        httpGet: { path: "/healthz/ready", port: "metrics", scheme: "HTTP" },
      });
    });

    it("annotates Dex's pod template with the client-secret checksum, the same one argo-server gets", () => {
      const dex = podAnnotations(argocd(), "argocd-dex-server")["argo-sso/client-secret-checksum"];
      expect(dex).to.match(/^[0-9a-f]{16}$/);
      const server = podAnnotations(r.charts["argo-workflows"], `${c.workflows.release}-server`);
      expect(server["argo-sso/client-secret-checksum"]).to.equal(dex);
    });

    it("writes policy.default, the match mode and the scopes into argocd-rbac-cm", () => {
      const data = configMapData(argocd(), "argocd-rbac-cm");
      expect(data["policy.default"]).to.equal("");
      expect(data["policy.matchMode"]).to.equal("glob");
      expect(data.scopes).to.equal("[groups, email]");
    });

    it("binds every group with an Argo CD role by its ID in policy.csv", () => {
      const csv = configMapData(argocd(), "argocd-rbac-cm")["policy.csv"];
      const groupIds = r.run.outputs.groupIds as Record<string, string>;
      const lines = csv.split("\n").filter((l) => l.startsWith("g, "));
      expect(lines.length).to.be.greaterThan(1);
      for (const line of lines) {
        const [, subject] = line.split(", ");
        expect(Object.values(groupIds), line).to.include(subject);
      }
    });

    it("points Argo CD's server at the in-cluster Dex", () => {
      const params = configMapData(argocd(), "argocd-cmd-params-cm");
      expect(params["server.dex.server"]).to.equal("https://argocd-dex-server:5556");
    });
  });
}

describe("argo-cd chart: role bindings of the stack files, literally", function () {
  let dev: StackRender;
  let prod: StackRender;
  before(async function () {
    dev = await renderCase(this, STACK_CASES[0]);
    prod = await renderCase(this, STACK_CASES[1]);
  });

  it("dev: deployer, admin and readonly roles for its three groups, and the deployer's rules", () => {
    const csv = configMapData(dev.charts["argo-cd"], "argocd-rbac-cm")["policy.csv"];
    const ids = dev.run.outputs.groupIds as Record<string, string>;
    expect(csv).to.include(`g, ${ids.developers}, role:deployer\n`);
    expect(csv).to.include(`g, ${ids["platform-admins"]}, role:admin\n`);
    expect(csv).to.include(`g, ${ids.reviewers}, role:readonly\n`);
    expect(csv).to.include("p, role:deployer, applications, sync, dev/*, allow\n");
    expect(csv).to.include("p, role:deployer, applications, action/apps/Deployment/restart, dev/*, allow\n");
  });

  it("prod: the release-manager role with its deny rule, bound to the Engineering group", () => {
    const csv = configMapData(prod.charts["argo-cd"], "argocd-rbac-cm")["policy.csv"];
    const ids = prod.run.outputs.groupIds as Record<string, string>;
    expect(csv).to.include(`g, ${ids.developers}, role:release-manager\n`);
    expect(csv).to.include(`g, ${ids.platform}, role:admin\n`);
    expect(csv).to.include(`g, ${ids.auditors}, role:readonly\n`);
    expect(csv).to.include("p, role:release-manager, exec, create, */*, deny\n");
  });
});

describe("argo-cd chart: rotating the client secret", function () {
  let before1: StackRender;
  let after: StackRender;
  before(async function () {
    before1 = await renderCase(this, STACK_CASES[0]);
    after = await renderCase(this, {
      ...STACK_CASES[0],
      key: "dev, clientSecret.rotation changed",
      config: () => withConfig(devRuntimeConfig(), "argo-sso:clientSecret", (v) => ({ ...v, rotation: "2" })),
    });
  });

  it("changes the checksum on Dex's and argo-server's pod templates alike, so both restart", () => {
    const key = "argo-sso/client-secret-checksum";
    const dexBefore = podAnnotations(before1.charts["argo-cd"], "argocd-dex-server")[key];
    const dexAfter = podAnnotations(after.charts["argo-cd"], "argocd-dex-server")[key];
    expect(dexAfter).to.match(/^[0-9a-f]{16}$/);
    expect(dexAfter).to.not.equal(dexBefore);
    expect(podAnnotations(after.charts["argo-workflows"], "argo-workflows-server")[key]).to.equal(dexAfter);
  });

  it("leaves argocd-cm and the Workflows sso block as they were: the secret is in neither", () => {
    expect(configMapData(after.charts["argo-cd"], "argocd-cm")).to.deep.equal(
      configMapData(before1.charts["argo-cd"], "argocd-cm"),
    );
    const sso = (r: StackRender) =>
      configMapData(r.charts["argo-workflows"], "argo-workflows-workflow-controller-configmap").config;
    expect(sso(after)).to.equal(sso(before1));
  });
});
