import { expect } from "chai";
import {
  REMOVE,
  devRuntimeConfig,
  load,
  problemsOf,
  warningsOf,
  withConfig,
  withPath,
} from "../support/configs";

const CD = "argo-sso:argocd";
const WF = "argo-sso:workflows";
const withCd = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), CD, at, value);
const withWf = (at: (string | number)[], value: unknown) => withPath(devRuntimeConfig(), WF, at, value);
const withCluster = (value: unknown) => withConfig(devRuntimeConfig(), "argo-sso:cluster", () => value);

describe("Argo config", () => {
  describe("argo-sso:cluster", () => {
    it("reads {} as the ambient kubeconfig", () => {
      expect(load(withCluster({})).config!.cluster).to.deep.equal({ kind: "ambient", context: undefined });
    });

    it("reads a kubeconfig with a context", () => {
      expect(
        load(withCluster({ kubeconfig: "apiVersion: v1", context: "ops" })).config!.cluster,
      ).to.deep.equal({
        kind: "kubeconfig",
        kubeconfig: "apiVersion: v1",
        context: "ops",
      });
    });

    it("defaults the stack reference output to kubeconfig", () => {
      expect(load(withCluster({ stackReference: { stack: "acme/eks/dev" } })).config!.cluster).to.deep.equal({
        kind: "stackReference",
        stack: "acme/eks/dev",
        output: "kubeconfig",
        context: undefined,
      });
    });

    it("rejects kubeconfig and stackReference together", () => {
      expect(
        problemsOf(withCluster({ kubeconfig: "x", stackReference: { stack: "acme/eks/dev" } })),
      ).to.deep.equal(["argo-sso:cluster: set kubeconfig or stackReference, not both"]);
    });

    it("requires a fully qualified stack name", () => {
      expect(problemsOf(withCluster({ stackReference: { stack: "eks/dev" } }))).to.deep.equal([
        'argo-sso:cluster.stackReference.stack: must be a fully qualified stack name, <org>/<project>/<stack>, got "eks/dev"',
      ]);
    });

    it("reports an unknown key", () => {
      expect(problemsOf(withCluster({ kubeContext: "dev" }))).to.deep.equal([
        "argo-sso:cluster.kubeContext: unknown key; allowed: kubeconfig, stackReference, context",
      ]);
    });
  });

  describe("URLs", () => {
    for (const [url, message] of [
      ["https://argocd.dev.example.com/", "must not end with a slash (Argo CD appends /api/dex to it)"],
      ["http://argocd.dev.example.com", "must start with https://"],
      [
        "https://example.com/argocd",
        "must be scheme and host only, no path (argo-sso does not set Argo's root path)",
      ],
      ["https://argocd.dev.example.com?x=1", "must not have a query or fragment"],
      ["https://admin:pw@argocd.dev.example.com", "must not contain a user name or password"],
      ["argocd.dev.example.com", "must be an https URL like https://argocd.example.com"],
    ]) {
      it(`rejects ${url}`, () => {
        expect(problemsOf(withCd(["url"], url))).to.deep.equal([
          `argo-sso:argocd.url: ${message}, got "${url}"`,
        ]);
      });
    }

    it("accepts a port", () => {
      expect(problemsOf(withCd(["url"], "https://argocd.dev.example.com:8443"))).to.deep.equal([]);
    });

    it("requires the Argo CD URL", () => {
      expect(problemsOf(withCd(["url"], REMOVE))).to.deep.equal([
        "argo-sso:argocd.url: required: the https URL people open, e.g. https://argocd.example.com",
      ]);
    });

    it("requires the two URLs to differ", () => {
      expect(problemsOf(withWf(["url"], "https://argocd.dev.example.com"))).to.deep.equal([
        "argo-sso:workflows.url: must differ from argo-sso:argocd.url (https://argocd.dev.example.com): each server needs its own host",
      ]);
      // The same host written another way is refused by the URL rule before the comparison.
      expect(problemsOf(withWf(["url"], "https://ArgoCD.dev.example.com"))).to.deep.equal([
        'argo-sso:workflows.url: must be written exactly as https://argocd.dev.example.com (lower case, punycode, no default port, no path, no trailing slash or dot), got "https://ArgoCD.dev.example.com"',
      ]);
    });
  });

  describe("releases", () => {
    it("rejects a namespace that is not a DNS-1123 label", () => {
      expect(problemsOf(withCd(["namespace"], "Argo_CD"))).to.deep.equal([
        'argo-sso:argocd.namespace: must be a DNS-1123 label (lowercase letters, digits, -), got "Argo_CD"',
      ]);
    });

    it("rejects a release name over 53 characters", () => {
      expect(problemsOf(withWf(["releaseName"], "a".repeat(54)))).to.deep.equal([
        "argo-sso:workflows.releaseName: must be at most 53 characters, got 54",
      ]);
    });

    it("requires the two namespaces to differ", () => {
      expect(problemsOf(withWf(["namespace"], "argocd"))).to.deep.equal([
        "argo-sso:workflows.namespace: must differ from argo-sso:argocd.namespace (argocd): the SSO client Secret is created once in each",
      ]);
    });

    it("rejects a chart version that is not semver", () => {
      expect(problemsOf(withCd(["chartVersion"], "v10.1"))).to.deep.equal([
        'argo-sso:argocd.chartVersion: must be a chart version like 1.2.3, got "v10.1"',
      ]);
    });

    it("warns about a chart version argo-sso is not tested with", () => {
      expect(warningsOf(withWf(["chartVersion"], "1.1.0"))).to.deep.equal([
        "argo-sso:workflows.chartVersion: argo-sso is tested with chart 1.0.18; check the managed keys still exist",
      ]);
    });

    it("rejects a timeout that is not a positive whole number", () => {
      expect(problemsOf(withCd(["timeoutSeconds"], 0))).to.deep.equal([
        "argo-sso:argocd.timeoutSeconds: must be a positive whole number, got 0",
      ]);
    });

    it("names each managed chart value and the config key to use instead", () => {
      const values = {
        configs: { cm: { "admin.enabled": false }, rbac: { "policy.default": "role:readonly" } },
      };
      expect(problemsOf(withCd(["values"], values))).to.deep.equal([
        'argo-sso:argocd.values.configs.cm."admin.enabled": managed by argo-sso; set argo-sso:argocd.adminEnabled instead',
        'argo-sso:argocd.values.configs.rbac."policy.default": managed by argo-sso; set argo-sso:argocd.defaultRole instead',
      ]);
    });

    it("says to remove a managed value with no config key", () => {
      expect(problemsOf(withCd(["values", "crds"], { keep: false }))).to.deep.equal([
        "argo-sso:argocd.values.crds.keep: managed by argo-sso; remove it",
      ]);
    });

    it("rejects values that are not a map", () => {
      expect(problemsOf(withWf(["values"], ["server"]))).to.deep.equal([
        "argo-sso:workflows.values: must be a map of chart values, got a list",
      ]);
    });
  });

  describe("argo-sso:argocd", () => {
    it("accepts an empty default role", () => {
      expect(load(devRuntimeConfig()).config!.argocd.defaultRole).to.equal("");
    });

    it("warns when every user would be an admin", () => {
      expect(warningsOf(withCd(["defaultRole"], "role:admin"))).to.deep.equal([
        'argo-sso:argocd.defaultRole: every user who can log in becomes an Argo CD admin; prefer "" and grant groups roles',
      ]);
    });

    it("warns about anonymous access", () => {
      expect(warningsOf(withCd(["anonymousEnabled"], true))).to.deep.equal([
        'argo-sso:argocd.anonymousEnabled: anyone who reaches the URL gets defaultRole "" without logging in',
      ]);
    });

    it("rejects a Dex log level Dex does not know", () => {
      expect(problemsOf(withCd(["dexLogLevel"], "verbose"))).to.deep.equal([
        'argo-sso:argocd.dexLogLevel: must be one of debug, info, warn, error, got "verbose"',
      ]);
    });

    it("rejects adminEnabled that is not a boolean", () => {
      expect(problemsOf(withCd(["adminEnabled"], "no"))).to.deep.equal([
        'argo-sso:argocd.adminEnabled: must be true or false, got "no"',
      ]);
    });

    it("rejects a custom role named like a built-in one", () => {
      expect(problemsOf(withCd(["roles", "admin"], ["applications, get, */*, allow"]))).to.deep.equal([
        "argo-sso:argocd.roles.admin: role:admin is built into Argo CD; choose another name",
      ]);
    });

    it("rejects a custom role without policy lines", () => {
      expect(problemsOf(withCd(["roles", "deployer"], []))).to.deep.equal([
        "argo-sso:argocd.roles.deployer: must have at least one policy line",
      ]);
    });

    it("names the bad policy line by its index", () => {
      expect(problemsOf(withCd(["roles", "deployer", 1], "applications, sync, dev/*, permit"))).to.deep.equal(
        ['argo-sso:argocd.roles.deployer[1]: effect must be allow or deny, got "permit"'],
      );
    });
  });

  describe("argo-sso:workflows", () => {
    it("defaults authModes to sso and sessionExpiry to 8h", () => {
      let config = withWf(["authModes"], REMOVE);
      config = withPath(config, WF, ["sessionExpiry"], REMOVE);
      const workflows = load(config).config!.workflows;
      expect([workflows.authModes, workflows.sessionExpiry]).to.deep.equal([["sso"], "8h"]);
    });

    it("accepts a Go duration for sessionExpiry", () => {
      expect(load(withWf(["sessionExpiry"], "10h30m")).config!.workflows.sessionExpiry).to.equal("10h30m");
    });

    it("rejects an ISO-8601 sessionExpiry", () => {
      expect(problemsOf(withWf(["sessionExpiry"], "PT8H"))).to.deep.equal([
        'argo-sso:workflows.sessionExpiry: must be a Go duration like 8h or 10h30m, got "PT8H"',
      ]);
    });

    it("rejects the server auth mode and says why", () => {
      expect(problemsOf(withWf(["authModes"], ["sso", "server"]))).to.deep.equal([
        "argo-sso:workflows.authModes[1]: server mode lets anyone who reaches the UI act as the Argo server's own service account, with no login; use sso (and client for argo CLI tokens)",
      ]);
    });

    it("requires sso among the auth modes", () => {
      expect(problemsOf(withWf(["authModes"], ["client"]))).to.deep.equal([
        'argo-sso:workflows.authModes: must include sso (argo-sso sets up SSO; client alone would leave it unused), got "client"',
      ]);
    });

    it("rejects a managed workflows value", () => {
      expect(problemsOf(withWf(["values", "server", "authModes"], ["server"]))).to.deep.equal([
        "argo-sso:workflows.values.server.authModes: managed by argo-sso; set argo-sso:workflows.authModes instead",
      ]);
    });
  });

  describe("argo-sso:clientSecret", () => {
    const withSecret = (value: unknown) =>
      withConfig(devRuntimeConfig(), "argo-sso:clientSecret", () => value);

    it("turns a numeric rotation into text", () => {
      expect(load(withSecret({ rotation: 2 })).config!.clientSecret.rotation).to.equal("2");
    });

    it("applies every default when left out", () => {
      expect(load(withSecret(REMOVE)).config!.clientSecret).to.deep.equal({
        rotation: "1",
        clientId: "argo-workflows-sso",
        secretName: "argo-workflows-sso",
      });
    });

    for (const id of ["argo-cd", "argo-cd-cli", "argo-cd-pkce"]) {
      it(`refuses Argo CD's own client id ${id}`, () => {
        expect(problemsOf(withSecret({ clientId: id }))).to.deep.equal([
          `argo-sso:clientSecret.clientId: "${id}" is one of Argo CD's own Dex clients (argo-cd, argo-cd-cli, argo-cd-pkce); reusing it breaks Argo CD's login (argo-cd #19787)`,
        ]);
      });
    }

    it("rejects a secret name that is not a DNS-1123 subdomain", () => {
      expect(problemsOf(withSecret({ secretName: "Argo_SSO" }))).to.deep.equal([
        'argo-sso:clientSecret.secretName: must be a DNS-1123 subdomain (lowercase letters, digits, - and .), got "Argo_SSO"',
      ]);
    });

    it("rejects an empty rotation", () => {
      expect(problemsOf(withSecret({ rotation: "" }))).to.deep.equal([
        "argo-sso:clientSecret.rotation: must not be empty",
      ]);
    });
  });
});
