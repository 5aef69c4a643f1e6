/**
 * The login simulation: the SAML response Identity Center would send after the one console step,
 * validated by a maintained SAML service-provider library (@node-saml/node-saml) configured only
 * from the rendered Dex connector, and the identity it yields run through Argo CD's Casbin model
 * and the Argo Workflows rules.
 *
 * - The response is built from the `samlApplicationSetup` stack output (ACS URL, audience, the
 *   attribute mappings exactly as the operator is told to enter them) and signed with
 *   test/fixtures/saml/idp-key.pem, whose certificate is the stack's `samlApplication.certificate`
 *   (test/fixtures/saml/Pulumi.login.yaml).
 * - The SP side reads `ssoURL`, `caData`, `entityIssuer`, `redirectURI`, the attribute names and
 *   the NameID format from `dex.config` in the argo-cd release values, nothing else.
 * - Dex checks two things node-saml does not (dexidp/dex v2.45.1 connector/saml/saml.go
 *   `HandlePOST` and `validateSubject`): a signed Response's `Destination` and the
 *   `SubjectConfirmationData` `Recipient` must equal `redirectURI`; and it fails when the
 *   username, email or groups attribute is missing (`no attribute with name ...`). Those checks
 *   are written out below, so a console value that Dex would refuse fails here too.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import * as YAML from "yaml";
import { SAML, ValidateInResponseTo } from "@node-saml/node-saml";
import { SignedXml } from "xml-crypto";
import { runStack } from "../../scripts/render";
import { ArgoCdRbac } from "../../scripts/lib/access/argocd-rbac";
import type { DexSamlConnectorConfig } from "../../components/dex-config";
import type { ProgramRun } from "../../scripts/lib/mock-runtime";

const FIXTURES = path.join(__dirname, "..", "fixtures", "saml");
const IDP_KEY = fs.readFileSync(path.join(FIXTURES, "idp-key.pem"), "utf8");
const IDP_CERT = fs.readFileSync(path.join(FIXTURES, "idp-cert.pem"), "utf8");
/** A key that is not the certificate's (made once with OpenSSL: key generation cost ~0.5 s a run). */
const OTHER_KEY = fs.readFileSync(path.join(FIXTURES, "other-key.pem"), "utf8");
const PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent";
const REQUEST_ID = "_dex-authn-request-1";

interface ConsoleSetup {
  readonly acsUrl: string;
  readonly audience: string;
  readonly attributeMappings: readonly { attribute: string; value: string; format: string }[];
}

/** The rendered connector's config; `nameIDPolicyFormat` is Dex's optional field (default persistent). */
type DexSaml = DexSamlConnectorConfig & { readonly nameIDPolicyFormat?: string };

/** A directory user as Identity Center knows them. */
interface IdcUser {
  readonly subject: string;
  readonly email: string;
  readonly groups: readonly string[];
}

let run: ProgramRun;
let setup: ConsoleSetup;
let dex: DexSaml;
let groupIds: Record<string, string>;

function argocdValues(r: ProgramRun): Record<string, Record<string, Record<string, unknown>>> {
  const release = r.resources.find(
    (x) => x.type === "kubernetes:helm.sh/v3:Release" && x.inputs.chart === "argo-cd",
  );
  return release?.inputs.values as Record<string, Record<string, Record<string, unknown>>>;
}

const xmlText = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** What Identity Center puts in an attribute for a mapping's value (`${user:...}`). */
function attributeValues(value: string, user: IdcUser): readonly string[] {
  switch (value) {
    case "${user:groups}":
      return user.groups;
    case "${user:email}":
      return [user.email];
    case "${user:subject}":
      return [user.subject];
    default:
      return [value];
  }
}

/** The response Identity Center sends for `user`, built from the console values, assertion signed. */
function identityCenterResponse(
  console: ConsoleSetup,
  user: IdcUser,
  signingKey = IDP_KEY,
  signingCert = IDP_CERT,
): string {
  const now = new Date();
  const later = new Date(now.getTime() + 5 * 60_000).toISOString();
  const issuer = "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/TE9HSU4tU0lNVUxBVElPTg";
  const attributes = console.attributeMappings
    .filter((m) => m.attribute !== "Subject")
    .map(
      (m) =>
        `<saml:Attribute Name="${xmlText(m.attribute)}">` +
        attributeValues(m.value, user)
          .map((v) => `<saml:AttributeValue>${xmlText(v)}</saml:AttributeValue>`)
          .join("") +
        "</saml:Attribute>",
    )
    .join("");
  const subjectFormat = console.attributeMappings.find((m) => m.attribute === "Subject")?.format;
  const nameIdFormat = `urn:oasis:names:tc:SAML:${subjectFormat === "persistent" ? "2.0" : "1.1"}:nameid-format:${subjectFormat}`;
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_assertion-1" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${issuer}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${nameIdFormat}">${xmlText(user.subject)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData InResponseTo="${REQUEST_ID}" NotOnOrAfter="${later}" Recipient="${xmlText(console.acsUrl)}"/>` +
    `</saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${new Date(now.getTime() - 60_000).toISOString()}" NotOnOrAfter="${later}">` +
    `<saml:AudienceRestriction><saml:Audience>${xmlText(console.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="_session-1"><saml:AuthnContext>` +
    `<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>` +
    `</saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_response-1" Version="2.0" ` +
    `IssueInstant="${now.toISOString()}" Destination="${xmlText(console.acsUrl)}" InResponseTo="${REQUEST_ID}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  const signer = new SignedXml({
    privateKey: signingKey,
    publicCert: signingCert,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: [
      "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
      "http://www.w3.org/2001/10/xml-exc-c14n#",
    ],
  });
  signer.computeSignature(response, {
    location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" },
  });
  return Buffer.from(signer.getSignedXml(), "utf8").toString("base64");
}

/** Dex's identity: what node-saml validates, plus the checks Dex makes that node-saml does not. */
async function dexLogin(
  connector: DexSaml,
  samlResponse: string,
): Promise<{ userId: string; email: string; groups: string[] }> {
  const sp = new SAML({
    entryPoint: connector.ssoURL,
    callbackUrl: connector.redirectURI,
    issuer: connector.entityIssuer,
    audience: connector.entityIssuer,
    idpCert: Buffer.from(connector.caData, "base64").toString("utf8"),
    identifierFormat: connector.nameIDPolicyFormat ?? PERSISTENT,
    // Dex accepts a Response whose Assertion alone is signed (verifyResponseSig), as Identity Center sends.
    wantAuthnResponseSigned: false,
    wantAssertionsSigned: true,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: samlResponse });
  if (!profile) throw new Error("no profile");
  const xml = Buffer.from(samlResponse, "base64").toString("utf8");
  const destination = /<samlp:Response[^>]* Destination="([^"]*)"/.exec(xml)?.[1];
  const recipient = /<saml:SubjectConfirmationData[^>]* Recipient="([^"]*)"/.exec(xml)?.[1];
  // saml.go validateSubject: `expected Recipient %q got %q` (the Response is not signed here, so
  // Dex ignores Destination; the Recipient inside the signed Assertion is checked).
  if (recipient !== undefined && recipient !== connector.redirectURI) {
    throw new Error(
      `expected Recipient "${connector.redirectURI}" got "${recipient}" (destination ${destination})`,
    );
  }
  const attribute = (name: string): string[] | undefined => {
    const value = (profile as Record<string, unknown>)[name];
    return value === undefined ? undefined : Array.isArray(value) ? value.map(String) : [String(value)];
  };
  for (const name of [connector.emailAttr, connector.usernameAttr, connector.groupsAttr]) {
    if (attribute(name) === undefined) throw new Error(`no attribute with name "${name}"`);
  }
  if (profile.nameIDFormat !== (connector.nameIDPolicyFormat ?? PERSISTENT)) {
    throw new Error(
      `NameID format ${profile.nameIDFormat}, Dex asks for ${connector.nameIDPolicyFormat ?? PERSISTENT}`,
    );
  }
  return {
    userId: profile.nameID,
    email: (attribute(connector.emailAttr) ?? [""])[0],
    groups: attribute(connector.groupsAttr) ?? [],
  };
}

/** The Workflows ServiceAccount argo-server picks: highest precedence whose rule holds for the groups. */
function workflowsAccount(r: ProgramRun, groups: readonly string[]): string | undefined {
  const accounts = r.resources
    .filter((x) => x.type === "kubernetes:core/v1:ServiceAccount")
    .map((x) => x.inputs.metadata as { name: string; annotations?: Record<string, string> })
    .filter((m) => m.annotations?.["workflows.argoproj.io/rbac-rule"] !== undefined)
    .sort(
      (a, b) =>
        Number(b.annotations?.["workflows.argoproj.io/rbac-rule-precedence"] ?? 0) -
        Number(a.annotations?.["workflows.argoproj.io/rbac-rule-precedence"] ?? 0),
    );
  // The two rule shapes argo-sso generates; expr-lang itself has no JavaScript implementation.
  const holds = (rule: string) => {
    const m = /^'([^']+)' in (?:groups|\(\$env\?\.groups \?\? \[\]\))$/.exec(rule);
    if (!m) throw new Error(`rule not understood by the simulation: ${rule}`);
    return groups.includes(m[1]);
  };
  return accounts.find((m) => holds(m.annotations?.["workflows.argoproj.io/rbac-rule"] ?? ""))?.name;
}

describe("contract: a simulated Identity Center login through Dex, Argo CD and Argo Workflows", function () {
  before(async function () {
    ({ run } = await runStack({ stack: "login", dir: FIXTURES }));
    setup = run.outputs.samlApplicationSetup as ConsoleSetup;
    groupIds = run.outputs.groupIds as Record<string, string>;
    const dexConfig = YAML.parse(String(argocdValues(run).configs.cm["dex.config"])) as {
      connectors: { type: string; config: DexSaml }[];
    };
    dex = dexConfig.connectors[0].config;
  });

  const alice = (): IdcUser => ({
    subject: "9067c2e2f0-alice-persistent-id",
    email: "alice@example.com",
    groups: [groupIds["platform-admins"]],
  });

  it("the test stack's certificate is the one whose key signs the responses", () => {
    expect(Buffer.from(dex.caData, "base64").toString("utf8").trim()).to.equal(IDP_CERT.trim());
  });

  it("a platform admin's login yields their NameID, email and group IDs", async () => {
    const identity = await dexLogin(dex, identityCenterResponse(setup, alice()));
    expect(identity).to.deep.equal({
      userId: "9067c2e2f0-alice-persistent-id",
      email: "alice@example.com",
      groups: [groupIds["platform-admins"]],
    });
  });

  it("each group's login gets the Argo CD and Argo Workflows access the config promises", async () => {
    const rbacValues = argocdValues(run).configs.rbac;
    const rbac = await ArgoCdRbac.load({
      policyCsv: String(rbacValues["policy.csv"]),
      defaultRole: String(rbacValues["policy.default"]),
      scopes: ["groups", "email"],
    });
    const cases = [
      // group, Argo CD checks [resource, action, object, expected], Workflows ServiceAccount
      {
        group: "platform-admins",
        argocd: [
          ["applications", "delete", "prod/api", true],
          ["clusters", "update", "in-cluster", true],
        ],
        sa: "sso-platform-admins",
      },
      {
        group: "developers",
        argocd: [
          ["applications", "sync", "dev/api", true],
          ["applications", "sync", "prod/api", false],
          ["applications", "get", "prod/api", true],
        ],
        sa: "sso-developers",
      },
      {
        group: "reviewers",
        argocd: [
          ["applications", "get", "prod/api", true],
          ["applications", "sync", "dev/api", false],
          ["logs", "get", "dev/api", true],
        ],
        sa: "sso-reviewers",
      },
    ] as const;
    for (const c of cases) {
      const user = { subject: `id-${c.group}`, email: `${c.group}@example.com`, groups: [groupIds[c.group]] };
      const identity = await dexLogin(dex, identityCenterResponse(setup, user));
      const claims = { subject: identity.userId, groups: identity.groups, email: identity.email };
      for (const [resource, action, object, allowed] of c.argocd) {
        expect(
          await rbac.enforce(claims, resource, action, object),
          `${c.group}: ${action} ${resource} ${object}`,
        ).to.equal(allowed);
      }
      expect(workflowsAccount(run, identity.groups), c.group).to.equal(c.sa);
    }
  });

  it("a user in no group with an Argo role gets no Argo CD access and no Workflows account", async () => {
    const stranger = {
      subject: "id-stranger",
      email: "eve@example.com",
      groups: ["00000000-0000-0000-0000-000000000000"],
    };
    const identity = await dexLogin(dex, identityCenterResponse(setup, stranger));
    const rbacValues = argocdValues(run).configs.rbac;
    const rbac = await ArgoCdRbac.load({
      policyCsv: String(rbacValues["policy.csv"]),
      defaultRole: "",
      scopes: ["groups", "email"],
    });
    expect(
      await rbac.enforce(
        { groups: identity.groups, email: identity.email },
        "applications",
        "get",
        "dev/api",
      ),
    ).to.equal(false);
    expect(workflowsAccount(run, identity.groups)).to.equal(undefined);
  });

  describe("a console value that disagrees with the Dex config makes the login fail", () => {
    it("the SAML audience", async () => {
      const wrong = { ...setup, audience: "https://argocd.login.example.com" };
      await expectRejected(dexLogin(dex, identityCenterResponse(wrong, alice())), /audience mismatch/i);
    });

    it("the ACS URL", async () => {
      const wrong = { ...setup, acsUrl: "https://argocd.login.example.com/auth/callback" };
      await expectRejected(dexLogin(dex, identityCenterResponse(wrong, alice())), /expected Recipient/);
    });

    it("the name of the groups attribute", async () => {
      const wrong = {
        ...setup,
        attributeMappings: setup.attributeMappings.map((m) =>
          m.attribute === "groups" ? { ...m, attribute: "memberOf" } : m,
        ),
      };
      await expectRejected(
        dexLogin(dex, identityCenterResponse(wrong, alice())),
        /no attribute with name "groups"/,
      );
    });

    it("the certificate (the response is signed by another key)", async () => {
      await expectRejected(
        dexLogin(dex, identityCenterResponse(setup, alice(), OTHER_KEY, IDP_CERT)),
        /signature/i,
      );
    });

    it("the Subject format", async () => {
      const wrong = {
        ...setup,
        attributeMappings: setup.attributeMappings.map((m) =>
          m.attribute === "Subject" ? { ...m, format: "emailAddress" } : m,
        ),
      };
      await expectRejected(dexLogin(dex, identityCenterResponse(wrong, alice())), /NameID format/);
    });
  });
});

async function expectRejected(promise: Promise<unknown>, message: RegExp): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, "the login should have failed").to.be.instanceOf(Error);
  expect((error as Error).message).to.match(message);
}
