/**
 * Edges of rules the shorter schema (issue 12) expresses differently from before: the YAML-number
 * account hint, the certificate warning's 30-day boundary, the client-secret rotation's input
 * types, suggestions for very long words. Expected lines are written out.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
  devRuntimeConfig,
  exampleRuntimeConfig,
  load,
  problemsOf,
  prodRuntimeConfig,
  warningsOf,
  withConfig,
  withPath,
} from "../support/configs";

const cert = (name: string) => fs.readFileSync(path.join(__dirname, "..", "fixtures", "certs", name), "utf8");
const account = (value: unknown) => withPath(devRuntimeConfig(), "argo-sso:accounts", ["sandbox"], value);
const QUOTED = "argo-sso:accounts.sandbox: must be a quoted 12-digit account ID, got the number";

describe("config edges (issue 12)", () => {
  describe("an account ID written as a YAML number", () => {
    it("shows the quoted form of 0, padded to 12 digits", () => {
      expect(problemsOf(account(0))).to.deep.equal([
        `${QUOTED} 0 (YAML drops leading zeros); write "000000000000"`,
      ]);
    });

    it("gives no quoted form for a number of 13 digits", () => {
      expect(problemsOf(account(1111111111111))).to.deep.equal([`${QUOTED} 1111111111111`]);
    });

    it("gives no quoted form for a negative or fractional number", () => {
      expect(problemsOf(account(-5))).to.deep.equal([`${QUOTED} -5`]);
      expect(problemsOf(account(12.5))).to.deep.equal([`${QUOTED} 12.5`]);
    });

    it("is 12 digits at most: 999999999999 gets its quoted form", () => {
      expect(problemsOf(account(999999999999))).to.deep.equal([
        `${QUOTED} 999999999999 (YAML drops leading zeros); write "999999999999"`,
      ]);
    });
  });

  describe("the certificate warning (expiring.pem: valid to 2025-02-01T00:00:00Z)", () => {
    const config = () =>
      withPath(
        devRuntimeConfig(),
        "argo-sso:identityCenter",
        ["samlApplication", "certificate"],
        cert("expiring.pem"),
      );
    const certificateWarnings = (now: string) =>
      warningsOf(config(), new Date(now)).filter((line) => line.includes(".certificate:"));

    it("is silent exactly 30 days before expiry", () => {
      expect(certificateWarnings("2025-01-02T00:00:00Z")).to.deep.equal([]);
    });

    it("warns one second later, in 29 days", () => {
      expect(certificateWarnings("2025-01-02T00:00:01Z")).to.deep.equal([
        "argo-sso:identityCenter.samlApplication.certificate: expires on 2025-02-01 (in 29 days): rotate it in Identity Center and update this value",
      ]);
    });
  });

  describe("the certificate's validity window (expiring.pem: 2025-01-01T00:00:00Z to 2025-02-01T00:00:00Z)", () => {
    const KEY = "argo-sso:identityCenter.samlApplication.certificate";
    const withCert = (text: string) =>
      withPath(devRuntimeConfig(), "argo-sso:identityCenter", ["samlApplication", "certificate"], text);
    const certProblems = (text: string, now: string) =>
      problemsOf(withCert(text), new Date(now)).filter((line) => line.startsWith(`${KEY}:`));
    const ONE_PEM = `${KEY}: must be one PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----), as downloaded from the application's page in Identity Center`;

    it("accepts it at the first and the last second of its validity", () => {
      expect(certProblems(cert("expiring.pem"), "2025-01-01T00:00:00Z")).to.deep.equal([]);
      expect(certProblems(cert("expiring.pem"), "2025-02-01T00:00:00Z")).to.deep.equal([]);
    });

    it("refuses it one second before and one second after", () => {
      expect(certProblems(cert("expiring.pem"), "2024-12-31T23:59:59Z")).to.deep.equal([
        `${KEY}: is not valid before 2025-01-01`,
      ]);
      expect(certProblems(cert("expiring.pem"), "2025-02-01T00:00:01Z")).to.deep.equal([
        `${KEY}: expired on 2025-02-01; download the current certificate from the application's page in Identity Center`,
      ]);
    });

    it("accepts it with every line indented or ending in CRLF, as pasted into a YAML value", () => {
      const indented = cert("expiring.pem")
        .split("\n")
        .map((line) => `    ${line}`)
        .join("\n");
      expect(certProblems(indented, "2025-01-15T00:00:00Z")).to.deep.equal([]);
      expect(certProblems(cert("expiring.pem").replace(/\n/g, "\r\n"), "2025-01-15T00:00:00Z")).to.deep.equal(
        [],
      );
    });

    it("refuses text before the BEGIN line or after the END line", () => {
      const pem = cert("expiring.pem");
      expect(certProblems(`subject=CN example\n${pem}`, "2025-01-15T00:00:00Z")).to.deep.equal([ONE_PEM]);
      expect(certProblems(`${pem}\ntrailing text`, "2025-01-15T00:00:00Z")).to.deep.equal([ONE_PEM]);
    });
  });

  describe("argo-sso:clientSecret.rotation", () => {
    const rotation = (value: unknown) =>
      withConfig(devRuntimeConfig(), "argo-sso:clientSecret", () => ({ rotation: value }));

    it("takes text as it is", () => {
      expect(load(rotation("2026-01 leak")).config!.clientSecret.rotation).to.equal("2026-01 leak");
    });

    it("refuses a boolean, a map, a list and null as not text", () => {
      expect(problemsOf(rotation(true))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must be text, got true",
      ]);
      expect(problemsOf(rotation({ at: 1 }))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must be text, got a map",
      ]);
      expect(problemsOf(rotation([1]))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must be text, got a list",
      ]);
      expect(problemsOf(rotation(null))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must be text, got null",
      ]);
    });

    it("takes 256 characters and refuses 257", () => {
      expect(problemsOf(rotation("r".repeat(256)))).to.deep.equal([]);
      expect(problemsOf(rotation("r".repeat(257)))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must be at most 256 characters, got 257",
      ]);
    });
  });

  describe("a custom permission set's policies and tags", () => {
    const developer = (entry: Record<string, unknown>) =>
      withPath(devRuntimeConfig(), "argo-sso:permissionSets", ["Developer"], {
        description: "Developers",
        ...entry,
      });

    it("refuses the same customer-managed policy twice, the default path included", () => {
      const policies = [{ name: "Deploy" }, { name: "Deploy", path: "/" }, { name: "Deploy", path: "/ci/" }];
      expect(problemsOf(developer({ customerManagedPolicies: policies }))).to.deep.equal([
        "argo-sso:permissionSets.Developer.customerManagedPolicies[1]: duplicate of [0] (/Deploy)",
      ]);
    });

    it("takes a tag key of 128 characters and refuses 129", () => {
      const tags = (key: string) =>
        developer({ managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"], tags: { [key]: "x" } });
      expect(problemsOf(tags("k".repeat(128)))).to.deep.equal([]);
      expect(problemsOf(tags("k".repeat(129)))).to.deep.equal([
        `argo-sso:permissionSets.Developer.tags.${"k".repeat(129)}: key must be 1 to 128 characters, got 129`,
      ]);
    });

    it("refuses a tag value with a character TagResource does not accept", () => {
      const entry = developer({
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        tags: { team: "a;b" },
      });
      expect(problemsOf(entry)).to.deep.equal([
        "argo-sso:permissionSets.Developer.tags.team: tag values may contain only letters, digits, spaces and _.:/=+-@",
      ]);
    });
  });

  describe("the mapped config", () => {
    it("keeps a cluster stack's ownerStack and leaves it out of an owner stack's", () => {
      const cluster = load(exampleRuntimeConfig("cluster-eu")).config!.identityCenter;
      expect(cluster.ownerStack).to.equal("acme/argo-sso/identity");
      expect(Object.keys(load(devRuntimeConfig()).config!.identityCenter)).to.not.include("ownerStack");
    });

    it("lists permission sets sorted by name, grant-only presets included", () => {
      const config = withPath(devRuntimeConfig(), "argo-sso:groups", ["zeta"], {
        aws: [{ permissionSet: "ViewOnlyAccess", accounts: ["sandbox"] }],
      });
      expect(Object.keys(load(config).config!.permissionSets)).to.deep.equal([
        "Admin",
        "BillingReadOnlyAccess",
        "Developer",
        "ReadOnly",
        "TerraformState",
        "ViewOnlyAccess",
      ]);
    });
  });

  describe("suggestions", () => {
    it("suggests nothing for an unknown key longer than 200 characters", () => {
      const key = `g${"r".repeat(200)}oups`;
      const lines = problemsOf({ ...devRuntimeConfig(), [`argo-sso:${key}`]: "{}" });
      expect(lines).to.deep.equal([
        `argo-sso:${key}: unknown key; allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect`,
      ]);
    });

    it("suggests the only key that starts with a word of 4 or more characters", () => {
      expect(problemsOf({ ...devRuntimeConfig(), "argo-sso:ident": "{}" })).to.deep.equal([
        'argo-sso:ident: unknown key (did you mean "identityCenter"?); allowed: accounts, identityCenter, permissionSets, users, groups, cluster, argocd, workflows, clientSecret, protect',
      ]);
    });
  });

  describe("account names (stacks/schema-identity.ts ACCOUNT_NAME)", () => {
    const RULE = "account name must be 1 to 64 letters, digits and _.- (starting with a letter or digit)";
    const withAccount = (name: string) =>
      problemsOf(
        withConfig(devRuntimeConfig(), "argo-sso:accounts", (a) => ({ ...a, [name]: "444444444444" })),
      );

    it("refuses a space, a leading underscore and a 65-character name; takes 64", () => {
      expect(withAccount("prod account")).to.deep.equal([`argo-sso:accounts["prod\\u0020account"]: ${RULE}`]);
      expect(withAccount("_prod")).to.deep.equal([`argo-sso:accounts._prod: ${RULE}`]);
      expect(withAccount(`a${"b".repeat(64)}`)).to.deep.equal([
        `argo-sso:accounts.a${"b".repeat(64)}: ${RULE}`,
      ]);
      expect(withAccount(`a${"b".repeat(63)}`)).to.deep.equal([]);
    });
  });

  describe("one problem per mistake in identityCenter and users", () => {
    it("reports only the malformed application ARN, not the instance or account rules that read it", () => {
      // Pulumi.prod.yaml sets instanceArn and managementAccountId, which those rules compare with the ARN.
      const prod = prodRuntimeConfig();
      expect(
        problemsOf(withPath(prod, "argo-sso:identityCenter", ["samlApplication", "arn"], "not-an-arn")),
      ).to.deep.equal([
        'argo-sso:identityCenter.samlApplication.arn: must be an application ARN like arn:aws:sso::123456789012:application/ssoins-1111222233334444/apl-5555666677778888, got "not-an-arn"',
      ]);
    });

    it("refuses an e-mail address on an existing user", () => {
      const users = withConfig(devRuntimeConfig(), "argo-sso:users", (u) => ({
        ...u,
        "bob@example.com": { source: "existing", email: "bob@example.com" },
      }));
      expect(problemsOf(users)).to.deep.equal([
        'argo-sso:users["bob@example.com"].email: an existing user is looked up by user name and never changed here; remove it (or set source: managed)',
      ]);
    });
  });

  describe("https URLs: credentials and whitespace (stacks/schema-identity.ts httpsUrlProblem)", () => {
    const argoUrl = (url: string) =>
      problemsOf(withPath(devRuntimeConfig(), "argo-sso:argocd", ["url"], url));

    it("refuses a user name, a password, or both, in the URL", () => {
      for (const url of [
        "https://admin@argocd.dev.example.com",
        "https://:pw@argocd.dev.example.com",
        "https://admin:pw@argocd.dev.example.com",
      ]) {
        expect(argoUrl(url)).to.deep.equal([
          `argo-sso:argocd.url: must not contain a user name or password, got "${url}"`,
        ]);
      }
    });

    it("refuses them in a URL that may have a path too (the access portal URL)", () => {
      for (const url of ["https://admin@portal.example.com/start", "https://:pw@portal.example.com/start"]) {
        expect(
          problemsOf(withPath(devRuntimeConfig(), "argo-sso:identityCenter", ["accessPortalUrl"], url)),
        ).to.deep.equal([
          `argo-sso:identityCenter.accessPortalUrl: must not contain a user name or password, got "${url}"`,
        ]);
      }
    });

    it("refuses whitespace in a URL that may have a path", () => {
      const url = "https://d-1234567890.awsapps.com/start here";
      expect(
        problemsOf(withPath(devRuntimeConfig(), "argo-sso:identityCenter", ["accessPortalUrl"], url)),
      ).to.deep.equal([`argo-sso:identityCenter.accessPortalUrl: must not contain whitespace, got "${url}"`]);
    });
  });
});
