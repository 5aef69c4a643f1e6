import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { devRuntimeConfig, load, problemsOf, warningsOf, withConfig, withPath } from "../support/configs";

const IC = "argo-sso:identityCenter";
const cert = (name: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "certs", name), "utf8");
const withSaml = (key: string, value: unknown) =>
  withPath(devRuntimeConfig(), IC, ["samlApplication", key], value);

describe("Identity Center config", () => {
  describe("argo-sso:accounts", () => {
    it("refuses a YAML number and shows the quoted ID with its leading zero back", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:accounts", ["sandbox"], 11111111111)),
      ).to.deep.equal([
        'argo-sso:accounts.sandbox: must be a quoted 12-digit account ID, got the number 11111111111 (YAML drops leading zeros); write "011111111111"',
      ]);
    });

    it("rejects an ID that is not 12 digits", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:accounts", ["sandbox"], "1111-1111-1111")),
      ).to.deep.equal([
        'argo-sso:accounts.sandbox: must be a 12-digit account ID in quotes, got "1111-1111-1111"',
      ]);
    });

    it("rejects a name that is itself an account ID", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:accounts", ["444444444444"], "444444444444")),
      ).to.deep.equal([
        "argo-sso:accounts.444444444444: an account name must not be a 12-digit number (it reads as an ID)",
      ]);
    });

    it("does not also report references to an account whose ID is wrong", () => {
      expect(problemsOf(withPath(devRuntimeConfig(), "argo-sso:accounts", ["dev"], "dev"))).to.deep.equal([
        'argo-sso:accounts.dev: must be a 12-digit account ID in quotes, got "dev"',
      ]);
    });
  });

  describe("argo-sso:identityCenter", () => {
    it("requires instanceArn and identityStoreId together", () => {
      const config = withPath(devRuntimeConfig(), IC, ["identityStoreId"], "d-1234567890");
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:identityCenter: set both instanceArn and identityStoreId, or neither (then both are discovered)",
      ]);
    });

    it("checks the shapes of instanceArn and identityStoreId", () => {
      const config = withConfig(devRuntimeConfig(), IC, (ic) => ({
        ...ic,
        instanceArn: "arn:aws:sso:::instance/ssoins-123",
        identityStoreId: "d-XYZ",
      }));
      expect(problemsOf(config)).to.deep.equal([
        'argo-sso:identityCenter.identityStoreId: must be an identity store ID like d-0123456789, got "d-XYZ"',
        'argo-sso:identityCenter.instanceArn: must be an instance ARN like arn:aws:sso:::instance/ssoins-1111222233334444, got "arn:aws:sso:::instance/ssoins-123"',
      ]);
    });

    it("rejects a SAML application of another instance", () => {
      const config = withConfig(devRuntimeConfig(), IC, (ic) => ({
        ...ic,
        instanceArn: "arn:aws:sso:::instance/ssoins-9999999999999999",
        identityStoreId: "d-9999999999",
      }));
      expect(problemsOf(config)).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.arn: belongs to instance ssoins-0000000000000000, but instanceArn is ssoins-9999999999999999",
      ]);
    });

    it("requires samlApplication", () => {
      expect(problemsOf(withConfig(devRuntimeConfig(), IC, () => ({})))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication: required: arn, signInUrl and certificate",
      ]);
    });

    it("rejects an application ARN of the wrong shape", () => {
      expect(problemsOf(withSaml("arn", "arn:aws:sso:::application/apl-1"))).to.deep.equal([
        'argo-sso:identityCenter.samlApplication.arn: must be an application ARN like arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888, got "arn:aws:sso:::application/apl-1"',
      ]);
    });

    it("rejects a sign-in URL that is not an Identity Center SAML assertion URL", () => {
      expect(problemsOf(withSaml("signInUrl", "https://acme.awsapps.com/start"))).to.deep.equal([
        'argo-sso:identityCenter.samlApplication.signInUrl: must be the application\'s sign-in URL, https://portal.sso.<region>.amazonaws.com/saml/assertion/<id>, got "https://acme.awsapps.com/start"',
      ]);
    });

    it("warns when the sign-in URL is in another region than aws:region", () => {
      const config = withSaml("signInUrl", "https://portal.sso.us-east-1.amazonaws.com/saml/assertion/QUJD");
      expect(warningsOf(config)).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.signInUrl: is in region us-east-1 but aws:region is eu-west-1; Identity Center lives in one home region",
      ]);
    });

    it("rejects an access portal URL that is not https", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), IC, ["accessPortalUrl"], "http://acme.awsapps.com/start")),
      ).to.deep.equal([
        'argo-sso:identityCenter.accessPortalUrl: must start with https://, got "http://acme.awsapps.com/start"',
      ]);
    });
  });

  describe("the SAML certificate", () => {
    it("rejects an expired certificate and says when it expired", () => {
      expect(problemsOf(withSaml("certificate", cert("expired.pem")))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: expired on 2016-01-01; download the current certificate from the application's page in Identity Center",
      ]);
    });

    it("warns within 30 days of expiry with the date", () => {
      const config = withSaml("certificate", cert("expiring.pem"));
      expect(warningsOf(config, new Date("2025-01-20T00:00:00Z"))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: expires on 2025-02-01 (in 12 days): rotate it in Identity Center and update this value",
      ]);
    });

    it("does not warn more than 30 days before expiry", () => {
      expect(
        warningsOf(withSaml("certificate", cert("expiring.pem")), new Date("2025-01-01T00:00:00Z")),
      ).to.deep.equal([]);
    });

    it("rejects a certificate that is not valid yet", () => {
      expect(problemsOf(devRuntimeConfig(), new Date("2025-06-01T00:00:00Z"))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: is not valid before 2026-01-01",
      ]);
    });

    it("rejects text that is not PEM", () => {
      expect(problemsOf(withSaml("certificate", "MIIC9DCCAdwCAQEwDQYJKoZIhvcNAQELBQAw"))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), as downloaded from the application's page in Identity Center",
      ]);
    });

    it("rejects PEM whose body does not parse", () => {
      const [problem] = problemsOf(
        withSaml("certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"),
      );
      expect(problem).to.match(
        /^argo-sso:identityCenter\.samlApplication\.certificate: is not a readable X\.509 certificate: /,
      );
    });

    it("rejects two certificates", () => {
      expect(problemsOf(withSaml("certificate", cert("example.pem") + cert("expired.pem")))).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: must hold one certificate, got 2",
      ]);
    });

    it("normalises the PEM to trimmed lines and one trailing newline", () => {
      const messy = `\n\n${cert("example.pem")
        .trim()
        .split("\n")
        .map((l) => `  ${l}  `)
        .join("\r\n")}\n\n`;
      expect(
        load(withSaml("certificate", messy)).config!.identityCenter.samlApplication.certificate,
      ).to.equal(cert("example.pem"));
    });
  });

  describe("argo-sso:users", () => {
    it("requires displayName, givenName and familyName", () => {
      expect(
        problemsOf(
          withPath(devRuntimeConfig(), "argo-sso:users", ["dan@example.com"], { displayName: "Dan" }),
        ),
      ).to.deep.equal([
        'argo-sso:users["dan@example.com"].familyName: required',
        'argo-sso:users["dan@example.com"].givenName: required',
      ]);
    });

    it("defaults email to a user name that looks like an email", () => {
      expect(load(devRuntimeConfig()).config!.users["alice@example.com"].email).to.equal("alice@example.com");
    });

    it("leaves email unset for a user name that is not an email", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:users", ["carol", "email"], undefined);
      expect(load(config).config!.users.carol.email).to.equal(undefined);
    });

    it("rejects an email that is not one", () => {
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:users", ["carol", "email"], "carol")),
      ).to.deep.equal(['argo-sso:users.carol.email: must be an email address, got "carol"']);
    });

    it("rejects a user name with spaces", () => {
      const user = { displayName: "Eve", givenName: "Eve", familyName: "Example" };
      expect(problemsOf(withPath(devRuntimeConfig(), "argo-sso:users", ["eve example"], user))).to.deep.equal(
        [
          'argo-sso:users["eve\\u0020example"]: user name must be 1 to 128 visible characters without spaces, got "eve example"',
        ],
      );
    });
  });
});
