/**
 * The Dex connector against Dex's own field list (test/fixtures/dex, see the README there), and
 * the agreement of issuer, redirect URIs, client id and Secret references across Argo CD's values,
 * Argo Workflows' values and the client Secrets in both namespaces.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as YAML from "yaml";
import { clientSecretArgs, type SsoClientSecret } from "../../components/sso-client-secret";
import { findCreated, type ProgramRun } from "../support/capture";
import {
  ARGOCD_SPEC,
  CERTIFICATE,
  metadataOf,
  type Nested,
  runSample,
  SAML,
  SECRET,
  valuesOf,
  WORKFLOWS_SPEC,
} from "./argo-sample";

const SAML_FIELDS = Object.keys(
  (
    JSON.parse(
      fs.readFileSync(path.join(__dirname, "..", "fixtures", "dex", "saml-connector.json"), "utf8"),
    ) as {
      fields: Record<string, string>;
    }
  ).fields,
);

interface Sample {
  readonly run: ProgramRun;
  readonly dex: Nested;
  readonly argocd: Nested;
  readonly workflows: Nested;
  readonly sso: SsoClientSecret;
}

async function sample(): Promise<Sample> {
  let sso: SsoClientSecret | undefined;
  const run = await runSample({ onCreated: (parts) => (sso = parts.sso) });
  const argocd = valuesOf(run, "argocd-release");
  return {
    run,
    argocd,
    dex: YAML.parse(String(argocd.configs.cm["dex.config"])),
    workflows: valuesOf(run, "workflows-release"),
    sso: sso as SsoClientSecret,
  };
}

function resolve<T>(input: pulumi.Input<T>): Promise<T> {
  return new Promise((done) => pulumi.output(input).apply((v) => done(v as T)));
}

describe("contract: Dex configuration", () => {
  it("uses only fields of Dex's SAML connector Config", async () => {
    const { dex } = await sample();
    expect(SAML_FIELDS).to.include.members(Object.keys(dex.connectors[0].config));
  });

  it("sets every field Dex requires and never skips signature validation", async () => {
    const { config } = (await sample()).dex.connectors[0];
    expect(config).to.include.keys("ssoURL", "usernameAttr", "emailAttr", "redirectURI");
    expect(config).to.not.have.property("insecureSkipSignatureValidation");
  });

  it("has caData that decodes to the configured certificate", async () => {
    const { config } = (await sample()).dex.connectors[0];
    const decoded = new crypto.X509Certificate(Buffer.from(String(config.caData), "base64"));
    expect(decoded.fingerprint256).to.equal(new crypto.X509Certificate(CERTIFICATE).fingerprint256);
  });

  it("points ssoURL at the application's sign-in URL", async () => {
    expect((await sample()).dex.connectors[0].config.ssoURL).to.equal(SAML.signInUrl);
  });

  it("uses <argocd url>/api/dex/callback as entity issuer and redirect URI", async () => {
    const { config } = (await sample()).dex.connectors[0];
    expect([config.entityIssuer, config.redirectURI]).to.deep.equal([
      `${ARGOCD_SPEC.url}/api/dex/callback`,
      `${ARGOCD_SPEC.url}/api/dex/callback`,
    ]);
  });

  it("gives Argo Workflows the issuer Argo CD serves Dex at", async () => {
    const { argocd, workflows } = await sample();
    expect(workflows.server.sso.issuer).to.equal(`${argocd.configs.cm.url}/api/dex`);
  });

  it("registers exactly the redirect URL argo-server sends", async () => {
    const { dex, workflows } = await sample();
    expect(dex.staticClients[0].redirectURIs).to.deep.equal([workflows.server.sso.redirectUrl]);
    expect(workflows.server.sso.redirectUrl).to.equal(`${WORKFLOWS_SPEC.url}/oauth2/callback`);
  });

  it("registers the client id that the shared Secret carries", async () => {
    const { dex, sso } = await sample();
    const stringData = clientSecretArgs(sso, "any").stringData as Record<string, pulumi.Input<string>>;
    expect(dex.staticClients[0].id).to.equal(await resolve(stringData["client-id"]));
  });

  it("references one Secret name from Dex, from argo-server and in both namespaces", async () => {
    const { run, argocd, workflows, sso } = await sample();
    const name = await resolve(sso.secretName);
    expect(argocd.dex.env[0].valueFrom.secretKeyRef).to.deep.equal({ name, key: "client-secret" });
    expect([workflows.server.sso.clientId, workflows.server.sso.clientSecret]).to.deep.equal([
      { name, key: "client-id" },
      { name, key: "client-secret" },
    ]);
    const secrets = ["argocd-sso-client", "workflows-sso-client"].map((n) =>
      metadataOf(findCreated(run, SECRET, n)),
    );
    expect(secrets.map((m) => [m.name, m.namespace])).to.deep.equal([
      [name, ARGOCD_SPEC.namespace],
      [name, WORKFLOWS_SPEC.namespace],
    ]);
  });

  it("reads the client secret from the env var the Dex config names", async () => {
    const { dex, argocd } = await sample();
    expect(dex.staticClients[0].secretEnv).to.equal(argocd.dex.env[0].name);
  });
});
