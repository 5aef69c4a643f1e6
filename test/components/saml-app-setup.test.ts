/**
 * Expected values come from Argo CD's util/dex/config.go (SAML redirectURI forced to
 * <url>/api/dex/callback), its identity-center.md guide and AWS's "Map attributes in your
 * application to IAM Identity Center attributes" (console format names).
 */
import { expect } from "chai";
import { buildSamlApplicationSetup } from "../../components/saml-app-setup";

describe("components/saml-app-setup", () => {
  describe("buildSamlApplicationSetup", () => {
    const setup = buildSamlApplicationSetup("https://argocd.dev.example.com");

    it("uses Dex's callback as both the ACS URL and the SAML audience", () => {
      expect(setup.acsUrl).to.equal("https://argocd.dev.example.com/api/dex/callback");
      expect(setup.audience).to.equal(setup.acsUrl);
    });

    it("starts sign-in from Argo CD (SP-initiated) by default", () => {
      expect(setup.startUrl).to.equal("https://argocd.dev.example.com/auth/login");
    });

    it("says to leave Relay state empty and to open the portal tile through the start URL", () => {
      expect(setup.relayState).to.equal("");
      expect(setup.instructions).to.deep.equal([
        "Leave Relay state empty.",
        "The access-portal tile must open the start URL https://argocd.dev.example.com/auth/login (sign-in starts at Argo CD); Dex rejects IdP-initiated SAML responses.",
      ]);
    });

    it("accepts another start URL", () => {
      expect(
        buildSamlApplicationSetup("https://argocd.example.com", "https://argocd.example.com/").startUrl,
      ).to.equal("https://argocd.example.com/");
    });

    it("maps subject, groups and email with the console's format names", () => {
      expect(setup.attributeMappings).to.deep.equal([
        { attribute: "Subject", value: "${user:subject}", format: "persistent" },
        { attribute: "groups", value: "${user:groups}", format: "unspecified" },
        { attribute: "email", value: "${user:email}", format: "unspecified" },
      ]);
    });

    it("keeps a path prefix of the Argo CD URL", () => {
      expect(buildSamlApplicationSetup("https://example.com/argocd").acsUrl).to.equal(
        "https://example.com/argocd/api/dex/callback",
      );
    });

    it("rejects a trailing slash, which would break Dex's issuer", () => {
      expect(() => buildSamlApplicationSetup("https://argocd.example.com/")).to.throw(
        /must not end with "\/"/,
      );
    });

    it("rejects something that is not an http(s) URL", () => {
      expect(() => buildSamlApplicationSetup("argocd.example.com")).to.throw(/must be an http\(s\) URL/);
    });
  });
});
