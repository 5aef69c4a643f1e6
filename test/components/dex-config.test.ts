import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import {
  buildDexConfig,
  dexCallbackUrl,
  dexIssuer,
  encodeCaData,
  renderDexConfig,
  WORKFLOWS_CLIENT_SECRET_ENV,
  workflowsRedirectUrl,
} from "../../components/dex-config";
import { SAML } from "../contract/argo-sample";

/** `base64 -w0 example.pem`, made with coreutils (test/fixtures/certs/README.md). */
const EXAMPLE_CA_DATA = fs
  .readFileSync(path.join(__dirname, "..", "fixtures", "certs", "example.pem.base64"), "utf8")
  .trim();

const INPUT = {
  argocdUrl: "https://argocd.example.com",
  workflowsUrl: "https://workflows.example.com",
  saml: SAML,
  workflowsClientId: "argo-workflows-sso",
};

describe("dex-config", () => {
  it("puts the issuer at <argocd url>/api/dex", () => {
    expect(dexIssuer("https://argocd.example.com")).to.equal("https://argocd.example.com/api/dex");
  });

  it("puts the SAML callback at <argocd url>/api/dex/callback", () => {
    expect(dexCallbackUrl("https://argocd.example.com")).to.equal(
      "https://argocd.example.com/api/dex/callback",
    );
  });

  it("puts the Workflows redirect URL at <workflows url>/oauth2/callback", () => {
    expect(workflowsRedirectUrl("https://wf.example.com")).to.equal("https://wf.example.com/oauth2/callback");
  });

  it("uses the callback URL as both entityIssuer and redirectURI of the connector", () => {
    const { config } = buildDexConfig(INPUT).connectors[0];
    expect(config.entityIssuer).to.equal("https://argocd.example.com/api/dex/callback");
    expect(config.redirectURI).to.equal(config.entityIssuer);
  });

  it("points ssoURL at the application's sign-in URL", () => {
    expect(buildDexConfig(INPUT).connectors[0].config.ssoURL).to.equal(SAML.signInUrl);
  });

  it("maps username, email and groups to the console's attribute names", () => {
    const { config } = buildDexConfig(INPUT).connectors[0];
    expect([config.usernameAttr, config.emailAttr, config.groupsAttr]).to.deep.equal([
      "email",
      "email",
      "groups",
    ]);
  });

  it("encodes caData as base64 of the PEM text", () => {
    // printf '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' | base64 -w0
    expect(encodeCaData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")).to.equal(
      "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=",
    );
    expect(buildDexConfig(INPUT).connectors[0].config.caData).to.equal(EXAMPLE_CA_DATA);
  });

  it("takes the logger level from the input", () => {
    expect(buildDexConfig({ ...INPUT, logLevel: "debug" }).logger.level).to.equal("debug");
  });

  it("defaults the logger level to info", () => {
    expect(buildDexConfig(INPUT).logger.level).to.equal("info");
  });

  it("registers Argo Workflows as a static client that reads its secret from the environment", () => {
    expect(buildDexConfig(INPUT).staticClients).to.deep.equal([
      {
        id: "argo-workflows-sso",
        name: "Argo Workflows",
        redirectURIs: ["https://workflows.example.com/oauth2/callback"],
        secretEnv: WORKFLOWS_CLIENT_SECRET_ENV,
      },
    ]);
  });

  for (const reserved of ["argo-cd", "argo-cd-cli", "argo-cd-pkce"]) {
    it(`refuses Argo CD's own client id ${reserved} for Workflows`, () => {
      expect(() => buildDexConfig({ ...INPUT, workflowsClientId: reserved })).to.throw(
        `the Argo Workflows Dex client id must not be "${reserved}"`,
      );
    });
  }

  it("renders YAML that parses back to the same config with a connectors list", () => {
    const parsed = YAML.parse(renderDexConfig(INPUT));
    expect(parsed).to.deep.equal(JSON.parse(JSON.stringify(buildDexConfig(INPUT))));
    expect(parsed.connectors).to.have.length(1);
  });

  it("keeps the long caData on one YAML line", () => {
    const line = renderDexConfig(INPUT)
      .split("\n")
      .find((l) => l.trim().startsWith("caData:"));
    expect(line).to.equal(`      caData: ${EXAMPLE_CA_DATA}`);
  });
});

describe("dex-config connector identity, written out", () => {
  it("declares one SAML connector with Argo CD's id and the Identity Center name", () => {
    const [connector] = buildDexConfig(INPUT).connectors;
    expect([connector.type, connector.id, connector.name]).to.deep.equal([
      "saml",
      "aws-identity-center",
      "AWS IAM Identity Center",
    ]);
  });
});
