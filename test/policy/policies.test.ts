import { expect } from "chai";
import * as YAML from "yaml";
import {
  administratorAccessAllowList,
  argocdDefaultRoleNotAdmin,
  chartVersionsPinned,
  dexLogLevelNotDebug,
  httpsUrlsOnly,
  noPlaintextClientSecret,
  policies,
  protectedResources,
  samlSignatureValidation,
  sessionDurationLimit,
  workflowsNoServerAuthMode,
} from "../../policy/policies";
import { matchAll, violationsOf } from "./harness";
import {
  ADMIN_POLICY,
  argoCdRelease,
  CLIENT_SECRET,
  clientSecret,
  dexConfig,
  goodStack,
  group,
  managedAttachment,
  namespace,
  permissionSet,
  workflowsRelease,
} from "./fixtures";

const ADMIN_ONLY = { allowedPermissionSets: ["Admin"] };

/** An argo-cd release whose Dex configuration is `dex` (YAML text, like the program's). */
function withDex(dex: unknown) {
  return argoCdRelease({
    configs: { cm: { url: "https://argocd.example.com", "dex.config": YAML.stringify(dex) }, rbac: {} },
  });
}

describe("policy/policies", () => {
  it("has unique policy names, none of them the reserved `all`", () => {
    const names = policies.map((p) => p.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names).not.to.include("all");
  });

  describe("every policy on a stack shaped like the program's", () => {
    for (const policy of policies) {
      it(`${policy.name} reports nothing`, async () => {
        const config = policy === administratorAccessAllowList ? ADMIN_ONLY : {};
        expect(await violationsOf(policy, goodStack(), config)).to.deep.equal([]);
      });
    }
  });

  describe("saml-signature-validation", () => {
    it("fails a SAML connector with insecureSkipSignatureValidation", async () => {
      const release = withDex(dexConfig({ connector: { insecureSkipSignatureValidation: true } }));
      expect(await violationsOf(samlSignatureValidation, [release])).to.deep.equal([
        'configs.cm."dex.config" connectors[0] ("aws-identity-center") sets insecureSkipSignatureValidation: anyone could forge a SAML login',
      ]);
    });

    it("fails a SAML connector without ca or caData", async () => {
      const release = withDex(dexConfig({ connector: { caData: undefined } }));
      matchAll(await violationsOf(samlSignatureValidation, [release]), [/has neither ca nor caData/]);
    });

    it("fails a Dex configuration it cannot parse instead of passing it unread", async () => {
      const release = argoCdRelease({ configs: { cm: { "dex.config": "connectors: [unclosed" } } });
      matchAll(await violationsOf(samlSignatureValidation, [release]), [/cannot be read/]);
    });

    it("ignores releases of other charts", async () => {
      const other = workflowsRelease({}, { values: { configs: { cm: { "dex.config": "not: [yaml" } } } });
      expect(await violationsOf(samlSignatureValidation, [other])).to.deep.equal([]);
    });
  });

  describe("https-urls-only", () => {
    it("fails an http Argo CD url", async () => {
      const release = argoCdRelease({ configs: { cm: { url: "http://argocd.example.com" } } });
      expect(await violationsOf(httpsUrlsOnly, [release])).to.deep.equal([
        'configs.cm.url is "http://argocd.example.com": use https',
      ]);
    });

    it("fails an http URL inside the Dex configuration", async () => {
      const release = withDex(dexConfig({ connector: { ssoURL: "http://portal.example.com/saml" } }));
      matchAll(await violationsOf(httpsUrlsOnly, [release]), [
        /configs\.cm\."dex\.config"\.connectors\[0\]\.config\.ssoURL is "http:/,
      ]);
    });

    it("fails an http Workflows issuer and redirect URL", async () => {
      const release = workflowsRelease({
        sso: {
          issuer: "http://argocd.example.com/api/dex",
          redirectUrl: "http://workflows.example.com/oauth2/callback",
        },
      });
      const messages = await violationsOf(httpsUrlsOnly, [release]);
      expect(messages).to.have.length(2);
      expect(messages[0]).to.match(/^server\.sso\.issuer is "http:/);
    });
  });

  describe("argocd-default-role-not-admin", () => {
    it('fails policy.default "role:admin"', async () => {
      const release = argoCdRelease({ configs: { rbac: { "policy.default": "role:admin" } } });
      expect(await violationsOf(argocdDefaultRoleNotAdmin, [release])).to.deep.equal([
        'configs.rbac."policy.default" is "role:admin": every logged-in user would be an admin',
      ]);
    });

    it('allows policy.default "role:readonly"', async () => {
      const release = argoCdRelease({ configs: { rbac: { "policy.default": "role:readonly" } } });
      expect(await violationsOf(argocdDefaultRoleNotAdmin, [release])).to.deep.equal([]);
    });
  });

  describe("workflows-no-server-auth-mode", () => {
    it('fails authModes that include "server"', async () => {
      const release = workflowsRelease({ authModes: ["sso", "server"] });
      matchAll(await violationsOf(workflowsNoServerAuthMode, [release]), [
        /server\.authModes .*remove "server"/,
      ]);
    });

    it("fails the deprecated authMode: server", async () => {
      const release = workflowsRelease({ authModes: [], authMode: "server" });
      matchAll(await violationsOf(workflowsNoServerAuthMode, [release]), [/server\.authMode is "server"/]);
    });

    it("fails --auth-mode server passed in extraArgs", async () => {
      const release = workflowsRelease({ extraArgs: ["--auth-mode", "server"] });
      matchAll(await violationsOf(workflowsNoServerAuthMode, [release]), [
        /extraArgs passes --auth-mode server/,
      ]);
    });

    it("allows sso with client", async () => {
      const release = workflowsRelease({ authModes: ["sso", "client"] });
      expect(await violationsOf(workflowsNoServerAuthMode, [release])).to.deep.equal([]);
    });
  });

  describe("chart-versions-pinned", () => {
    for (const version of [undefined, "", "^10.1.1", "10.x", ">=1.0.0", "latest"]) {
      it(`fails version ${JSON.stringify(version)}`, async () => {
        const release = argoCdRelease({}, { version });
        expect(await violationsOf(chartVersionsPinned, [release])).to.have.length(1);
      });
    }

    it("names the chart in the message", async () => {
      const release = workflowsRelease({}, { version: "~1.0" });
      expect(await violationsOf(chartVersionsPinned, [release])).to.deep.equal([
        'chart "argo-workflows" version "~1.0" is not an exact version',
      ]);
    });
  });

  describe("no-plaintext-client-secret", () => {
    it("fails a Workflows clientSecret given as text instead of a Secret reference", async () => {
      const release = workflowsRelease({ sso: { clientSecret: "hunter2hunter2" } });
      expect(await violationsOf(noPlaintextClientSecret, [release])).to.deep.equal([
        "server.sso.clientSecret holds a client secret as plain text: reference a Kubernetes Secret",
      ]);
    });

    it("fails a Dex static client with a literal secret", async () => {
      const dex = dexConfig();
      dex.staticClients[0] = { ...dex.staticClients[0], secret: "literal" } as (typeof dex.staticClients)[0];
      matchAll(await violationsOf(noPlaintextClientSecret, [withDex(dex)]), [
        /staticClients\[0\]\.secret holds/,
      ]);
    });

    it("allows Dex's $secret:key reference", async () => {
      const dex = dexConfig();
      dex.staticClients[0] = {
        ...dex.staticClients[0],
        secret: "$argo-workflows-sso:client-secret",
      } as (typeof dex.staticClients)[0];
      expect(await violationsOf(noPlaintextClientSecret, [withDex(dex)])).to.deep.equal([]);
    });

    it("fails a Dex env entry that carries the secret as a value", async () => {
      const release = argoCdRelease({
        dex: { env: [{ name: "ARGO_WORKFLOWS_SSO_CLIENT_SECRET", value: "x" }] },
      });
      matchAll(await violationsOf(noPlaintextClientSecret, [release]), [
        /dex\.env\[0\]\.value sets ARGO_WORKFLOWS/,
      ]);
    });

    it("fails any value that contains the text of the stack's Secret, without printing it", async () => {
      const release = argoCdRelease({ configs: { cm: { "oidc.extra": `token=${CLIENT_SECRET}` } } });
      const messages = await violationsOf(noPlaintextClientSecret, [clientSecret("argocd"), release]);
      expect(messages).to.deep.equal([
        'configs.cm."oidc.extra" contains the value of Secret sso-secret-argocd client-secret: Helm values are stored in plain text in the release',
      ]);
      expect(messages.join()).not.to.include(CLIENT_SECRET);
    });

    it("finds a leak of base64 Secret data too", async () => {
      const secret = {
        ...clientSecret("argo"),
        props: { data: { "client-secret": Buffer.from(CLIENT_SECRET).toString("base64") } },
      };
      const release = workflowsRelease({ extraEnv: [{ name: "NOTE", value: CLIENT_SECRET }] });
      matchAll(await violationsOf(noPlaintextClientSecret, [secret, release]), [
        /contains the value of Secret/,
      ]);
    });

    it("finds a leaked generated password", async () => {
      const password = {
        type: "random:index/randomPassword:RandomPassword",
        name: "pw",
        props: { result: CLIENT_SECRET },
      };
      const release = workflowsRelease({ note: CLIENT_SECRET });
      matchAll(await violationsOf(noPlaintextClientSecret, [password, release]), [
        /server\.note contains the value of RandomPassword pw/,
      ]);
    });
  });

  describe("session-duration-limit", () => {
    it("fails a session longer than the configured maximum", async () => {
      const set = permissionSet("Admin", { sessionDuration: "PT12H" });
      expect(await violationsOf(sessionDurationLimit, [set], { maxSessionHours: 8 })).to.deep.equal([
        'permission set "Admin" sessionDuration must be at most PT8H, got PT12H',
      ]);
    });

    it("fails a session longer than Identity Center's 12 hours without config", async () => {
      const set = permissionSet("Admin", { sessionDuration: "PT13H" });
      matchAll(await violationsOf(sessionDurationLimit, [set]), [/at most PT12H, got PT13H/]);
    });

    it("fails a duration that is not ISO-8601 and one under an hour", async () => {
      const sets = [
        permissionSet("A", { sessionDuration: "8h" }),
        permissionSet("B", { sessionDuration: "PT30M" }),
      ];
      matchAll(await violationsOf(sessionDurationLimit, sets), [
        /not an ISO-8601 duration/,
        /at least PT1H, got PT30M/,
      ]);
    });

    it("allows an omitted duration (Identity Center's one hour) and PT7H30M under an 8 h limit", async () => {
      const sets = [
        permissionSet("A", { sessionDuration: undefined }),
        permissionSet("B", { sessionDuration: "PT7H30M" }),
      ];
      expect(await violationsOf(sessionDurationLimit, sets, { maxSessionHours: 8 })).to.deep.equal([]);
    });
  });

  describe("administrator-access-allow-list", () => {
    it("fails AdministratorAccess on a permission set not in the allow list", async () => {
      const dev = permissionSet("Developer");
      const messages = await violationsOf(
        administratorAccessAllowList,
        [dev, managedAttachment(dev, ADMIN_POLICY)],
        ADMIN_ONLY,
      );
      expect(messages).to.deep.equal([
        'permission set "Developer" gets the AdministratorAccess managed policy; allowed only for: Admin (pack config allowedPermissionSets)',
      ]);
    });

    it("fails every AdministratorAccess when the pack config allows none", async () => {
      const admin = permissionSet("Admin");
      matchAll(
        await violationsOf(administratorAccessAllowList, [admin, managedAttachment(admin, ADMIN_POLICY)]),
        [/allowed only for: none/],
      );
    });

    it("fails an inline policy that allows * on *", async () => {
      const dev = permissionSet("Developer");
      const inline = {
        type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        props: {
          permissionSetArn: dev.props.arn,
          inlinePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
          }),
        },
      };
      matchAll(await violationsOf(administratorAccessAllowList, [dev, inline], ADMIN_ONLY), [
        /inline policy that allows/,
      ]);
    });

    it("finds the permission set through the property dependency when its ARN is not known yet (preview)", async () => {
      const dev = permissionSet("Developer", { arn: undefined });
      const attachment = {
        ...managedAttachment(dev, ADMIN_POLICY),
        propertyDependencies: { permissionSetArn: [dev] },
      };
      matchAll(await violationsOf(administratorAccessAllowList, [dev, attachment], ADMIN_ONLY), [
        /"Developer" gets/,
      ]);
    });

    it("fails an attachment whose permission set cannot be identified", async () => {
      const attachment = managedAttachment(permissionSet("Ghost"), ADMIN_POLICY);
      matchAll(await violationsOf(administratorAccessAllowList, [attachment], ADMIN_ONLY), [
        /cannot be identified/,
      ]);
    });
  });

  describe("dex-log-level-not-debug", () => {
    it("fails dex.logLevel debug", async () => {
      expect(
        await violationsOf(dexLogLevelNotDebug, [argoCdRelease({ dex: { logLevel: "debug" } })]),
      ).to.deep.equal(['dex.logLevel is "debug" (Dex inherits it)']);
    });

    it("fails a global debug level that Dex inherits, and --loglevel=debug", async () => {
      const release = argoCdRelease({
        global: { logging: { level: "debug" } },
        dex: { extraArgs: ["--loglevel=debug"] },
      });
      expect(await violationsOf(dexLogLevelNotDebug, [release])).to.have.length(2);
    });

    it("fails a debug logger in the Dex configuration", async () => {
      const release = withDex(dexConfig({ extra: { logger: { level: "debug" } } }));
      matchAll(await violationsOf(dexLogLevelNotDebug, [release]), [/logger\.level is "debug"/]);
    });
  });

  describe("protected-resources", () => {
    it("fails an unprotected group, permission set and namespace", async () => {
      const resources = [
        group("admins", false),
        permissionSet("Admin", {}, false),
        namespace("argocd", false),
      ];
      expect(await violationsOf(protectedResources, resources)).to.deep.equal([
        'Group "group-admins" is not protected: set argo-sso:protect: true',
        'PermissionSet "ps-Admin" is not protected: set argo-sso:protect: true',
        'Namespace "ns-argocd" is not protected: set argo-sso:protect: true',
      ]);
    });

    it("checks only the types the pack config names", async () => {
      const resources = [group("admins", false), namespace("argocd", false)];
      const config = { resourceTypes: ["kubernetes:core/v1:Namespace"] };
      matchAll(await violationsOf(protectedResources, resources, config), [/Namespace/]);
    });
  });
});
