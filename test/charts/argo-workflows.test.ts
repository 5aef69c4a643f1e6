/**
 * The argo-workflows chart (1.0.18) rendered for real with the exact values of the program's
 * Release, for dev, prod and a generated config: the controller ConfigMap's `sso` block and
 * argo-server's arguments.
 */
import { expect } from "chai";
import * as YAML from "yaml";
import type { StackRender } from "./support/render";
import { configMapData, findObject } from "./support/render";
import { containerArgs, podAnnotations } from "./support/checks";
import { renderCase, STACK_CASES } from "./support/stacks";

for (const c of STACK_CASES) {
  describe(`argo-workflows chart rendered for ${c.key}`, function () {
    let r: StackRender;
    before(async function () {
      r = await renderCase(this, c);
    });
    const workflows = () => r.charts["argo-workflows"];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const sso = (): any => {
      const data = configMapData(workflows(), `${c.workflows.release}-workflow-controller-configmap`);
      return (YAML.parse(data.config) as { sso?: unknown }).sso;
    };

    it("renders the release under its name and namespace", () => {
      expect(workflows().release.name).to.equal(c.workflows.release);
      const server = findObject(workflows(), "Deployment", `${c.workflows.release}-server`);
      expect(server.metadata?.namespace).to.equal(c.workflows.namespace);
    });

    it("points the sso block at Argo CD's Dex, with the client Secret's keys and the Workflows callback", () => {
      expect(sso()).to.deep.include({
        issuer: `${c.argocd.url}/api/dex`,
        redirectUrl: `${c.workflows.url}/oauth2/callback`,
        clientId: { name: c.clientSecret.name, key: c.clientIdKey },
        clientSecret: { name: c.clientSecret.name, key: c.clientSecret.key },
        sessionExpiry: c.sessionExpiry,
      });
    });

    it("enables SSO RBAC and asks for the groups scope", () => {
      expect(sso().rbac).to.deep.include({ enabled: true });
      expect(sso().scopes).to.include("groups");
    });

    it("starts argo-server with exactly the configured auth modes", () => {
      const args = containerArgs(workflows(), `${c.workflows.release}-server`, "argo-server");
      const modes = args
        .filter((a) => a.startsWith("--auth-mode"))
        .map((a) => a.replace(/^--auth-mode=/, ""));
      expect(modes).to.deep.equal(c.authModes);
      expect(args).to.include(`--configmap=${c.workflows.release}-workflow-controller-configmap`);
    });

    it("annotates argo-server's pod template with the client-secret checksum", () => {
      const annotations = podAnnotations(workflows(), `${c.workflows.release}-server`);
      expect(annotations["argo-sso/client-secret-checksum"]).to.match(/^[0-9a-f]{16}$/);
    });
  });
}
