/**
 * The Helm-release checks (policy/checks.ts) and the value helpers under them
 * (policy/helm-values.ts), called directly with values written out here and every expected
 * message written out. policies.test.ts runs the same checks through the policy engine's
 * arguments; this file pins the edges: which keys and texts count, trimming, case, anchors.
 */
import { expect } from "chai";
import {
  checkArgoCdDefaultRole,
  checkChartVersionPinned,
  checkHelmValueSecrets,
  checkHttpsUrls,
  checkSamlSignatureValidation,
  checkWorkflowsAuthModes,
  collectSecrets,
  findSecretLeaks,
  type StackResource,
} from "../../policy/checks";
import {
  chartName,
  dexConfig,
  getPath,
  helmChart,
  lastKey,
  walkReleaseStrings,
  type ValuePath,
} from "../../policy/helm-values";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const cd = (values: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  chart: "argo-cd",
  version: "10.1.1",
  values,
  ...extra,
});
const wf = (server: Record<string, unknown>) => ({
  chart: "argo-workflows",
  version: "1.0.18",
  values: { server },
});
/** An argo-cd release whose Dex configuration is this map (a map is accepted beside YAML text). */
const withDex = (dex: Record<string, unknown>) => cd({ configs: { cm: { "dex.config": dex } } });
const DEX = 'configs.cm."dex.config"';

describe("policy/checks", () => {
  describe("checkSamlSignatureValidation", () => {
    const saml = (config: unknown, extra: Record<string, unknown> = {}) =>
      withDex({ connectors: [{ type: "saml", id: "idc", config, ...extra }] });

    it("fails insecureSkipSignatureValidation as true or as the text true", () => {
      for (const skip of [true, "true"]) {
        expect(
          checkSamlSignatureValidation(
            RELEASE,
            saml({ caData: "Q0E=", insecureSkipSignatureValidation: skip }),
          ),
        ).to.deep.equal([
          `${DEX} connectors[0] ("idc") sets insecureSkipSignatureValidation: anyone could forge a SAML login`,
        ]);
      }
      for (const skip of [false, "false", "TRUE", 1]) {
        expect(
          checkSamlSignatureValidation(
            RELEASE,
            saml({ caData: "Q0E=", insecureSkipSignatureValidation: skip }),
          ),
        ).to.deep.equal([]);
      }
    });

    it("accepts ca or caData as non-blank text, and fails blank, missing or non-text ones", () => {
      expect(checkSamlSignatureValidation(RELEASE, saml({ ca: "/etc/dex/saml-ca.pem" }))).to.deep.equal([]);
      expect(checkSamlSignatureValidation(RELEASE, saml({ ca: " ", caData: "Q0E=" }))).to.deep.equal([]);
      const missing = `${DEX} connectors[0] ("idc") has neither ca nor caData: Dex cannot check the IdP's signature`;
      for (const config of [{}, { ca: "  ", caData: "" }, { caData: 1 }, "caData: Q0E=", null]) {
        expect(checkSamlSignatureValidation(RELEASE, saml(config)), JSON.stringify(config)).to.deep.equal([
          missing,
        ]);
      }
    });

    it("labels a connector without an id by its index and checks only SAML connectors", () => {
      const dex = {
        connectors: [
          { type: "oidc", id: "github", config: {} },
          "not a connector",
          { type: "saml", config: { insecureSkipSignatureValidation: true } },
        ],
      };
      expect(checkSamlSignatureValidation(RELEASE, withDex(dex))).to.deep.equal([
        `${DEX} connectors[2] sets insecureSkipSignatureValidation: anyone could forge a SAML login`,
        `${DEX} connectors[2] has neither ca nor caData: Dex cannot check the IdP's signature`,
      ]);
    });

    it("passes an argo-cd release without Dex configuration, and names why it cannot read one", () => {
      expect(checkSamlSignatureValidation(RELEASE, cd({}))).to.deep.equal([]);
      expect(
        checkSamlSignatureValidation(RELEASE, cd({ configs: { cm: { "dex.config": "" } } })),
      ).to.deep.equal([]);
      expect(
        checkSamlSignatureValidation(RELEASE, cd({ configs: { cm: { "dex.config": 3 } } })),
      ).to.deep.equal([
        `${DEX} cannot be read, so SAML signature validation is unproven: expected YAML text, got number`,
      ]);
      expect(
        checkSamlSignatureValidation(RELEASE, cd({ configs: { cm: { "dex.config": "- a\n- b" } } })),
      ).to.deep.equal([
        `${DEX} cannot be read, so SAML signature validation is unproven: the YAML is not a map`,
      ]);
      expect(checkSamlSignatureValidation("kubernetes:core/v1:ConfigMap", saml({}))).to.deep.equal([]);
    });
  });

  describe("checkHttpsUrls", () => {
    it("checks keys that end in url, uri, uris, issuer or issuerAlias, in any case", () => {
      const values = {
        a: { url: "http://a", redirectURI: "http://b", redirectURIs: ["http://c"], issuer: "http://d" },
        b: { issuerAlias: "http://e", callbackUrl: "HTTP://f", urlx: "http://g", issuers: "http://h" },
      };
      expect(checkHttpsUrls(RELEASE, cd(values))).to.deep.equal([
        'a.url is "http://a": use https',
        'a.redirectURI is "http://b": use https',
        'a.redirectURIs[0] is "http://c": use https',
        'a.issuer is "http://d": use https',
        'b.issuerAlias is "http://e": use https',
        'b.callbackUrl is "HTTP://f": use https',
      ]);
    });

    it("finds http after blanks, not inside other text", () => {
      expect(checkHttpsUrls(RELEASE, wf({ url: "  http://a" }))).to.deep.equal([
        'server.url is "  http://a": use https',
      ]);
      expect(
        checkHttpsUrls(RELEASE, wf({ url: "see http://a", uri: "https://a", issuer: "http:/a" })),
      ).to.deep.equal([]);
    });

    it("checks only the two Argo charts", () => {
      expect(checkHttpsUrls(RELEASE, { chart: "cert-manager", values: { url: "http://a" } })).to.deep.equal(
        [],
      );
    });
  });

  describe("checkArgoCdDefaultRole", () => {
    it("fails role:admin, blanks around it included, and nothing else", () => {
      const role = (value: unknown) =>
        checkArgoCdDefaultRole(RELEASE, cd({ configs: { rbac: { "policy.default": value } } }));
      expect(role(" role:admin\n")).to.deep.equal([
        'configs.rbac."policy.default" is "role:admin": every logged-in user would be an admin',
      ]);
      expect([
        role("role:readonly"),
        role("role:Admin"),
        role(["role:admin"]),
        role(undefined),
      ]).to.deep.equal([[], [], [], []]);
      expect(
        checkArgoCdDefaultRole(RELEASE, {
          chart: "argo-workflows",
          values: { configs: { rbac: { "policy.default": "role:admin" } } },
        }),
      ).to.deep.equal([]);
    });
  });

  describe("checkWorkflowsAuthModes", () => {
    it("writes out each way of asking for the server auth mode", () => {
      expect(
        checkWorkflowsAuthModes(
          RELEASE,
          wf({ authModes: ["sso", "server"], authMode: "server", extraArgs: ["--auth-mode=server"] }),
        ),
      ).to.deep.equal([
        'server.authModes is ["sso","server"]: remove "server" (use sso, and client for CLI tokens)',
        'server.authMode is "server": remove it and use server.authModes: [sso]',
        "server.extraArgs passes --auth-mode server: remove it",
      ]);
    });

    it("reads extraArgs as one command line: a flag and its value in two entries, or after other flags", () => {
      const args = (extraArgs: unknown) => checkWorkflowsAuthModes(RELEASE, wf({ extraArgs })).length;
      expect([
        args(["--auth-mode", "server"]),
        args(["--secure=false", "--auth-mode  server"]),
        args(["--auth-mode=server-x"]),
        args(["--auth-mode=servers"]),
        args(["--auth-mode=sso", "server"]),
        args(["--auth-modeserver"]),
        args("--auth-mode=server"),
      ]).to.deep.equal([1, 1, 1, 0, 0, 0, 0]);
    });

    it("ignores authModes that are not a list and releases of other charts", () => {
      expect(checkWorkflowsAuthModes(RELEASE, wf({ authModes: "server" }))).to.deep.equal([]);
      expect(checkWorkflowsAuthModes(RELEASE, cd({ server: { authModes: ["server"] } }))).to.deep.equal([]);
    });
  });

  describe("checkChartVersionPinned", () => {
    const version = (v: unknown) => checkChartVersionPinned(RELEASE, cd({}, { version: v }));

    it("accepts exact versions, with v, pre-release and build metadata, blanks around them", () => {
      expect(
        ["10.1.1", "v1.0.18", "1.2.3-rc.1", "1.2.3+build.5", "1.2.3-rc-1+b.2", "1.10.0", " 10.1.1\n"].map(
          version,
        ),
      ).to.deep.equal([[], [], [], [], [], [], []]);
    });

    it("refuses ranges, partial and padded versions, naming chart and version", () => {
      expect(version("1.2")).to.deep.equal(['chart "argo-cd" version "1.2" is not an exact version']);
      expect(
        ["1.2.3.4", "x1.2.3", "1.2.3x", "V1.2.3", "1.2.3-", "1.2.3+", "1.2.3 || 1.2.4", "*"].map(
          (v) => version(v).length,
        ),
      ).to.deep.equal([1, 1, 1, 1, 1, 1, 1, 1]);
      expect([version(undefined), version(" "), version(10)]).to.deep.equal([
        ['chart "argo-cd" has no version: pin an exact chart version'],
        ['chart "argo-cd" has no version: pin an exact chart version'],
        ['chart "argo-cd" has no version: pin an exact chart version'],
      ]);
    });

    it("checks every Helm chart resource type, and nothing else", () => {
      for (const type of ["kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v4:Chart"]) {
        expect(
          checkChartVersionPinned(type, { chart: "oci://ghcr.io/x/cert-manager", version: "^1" }),
        ).to.deep.equal(['chart "cert-manager" version "^1" is not an exact version']);
      }
      expect(
        checkChartVersionPinned("kubernetes:helm.sh/v2:Chart", { chart: "x", version: "^1" }),
      ).to.deep.equal([]);
    });
  });

  describe("checkHelmValueSecrets", () => {
    it("fails secret-named keys holding text, in their spellings; allows $ references and empty text", () => {
      const values = {
        a: { clientSecret: "x", client_secret: "x", "client-secret": "x", CLIENTSECRET: "x", secret: "x" },
        b: {
          mySecret: "x",
          secretName: "x",
          clientsecrets: "x",
          secret: "$dex-secret:key",
          clientSecret: "",
        },
      };
      const held = (path: string) =>
        `${path} holds a client secret as plain text: reference a Kubernetes Secret`;
      expect(checkHelmValueSecrets(RELEASE, cd(values))).to.deep.equal([
        held("a.clientSecret"),
        held("a.client_secret"),
        held("a.client-secret"),
        held("a.CLIENTSECRET"),
        held("a.secret"),
      ]);
    });

    it("fails env entries that set a secret-like variable by value", () => {
      const env = [
        { name: "OIDC_TOKEN", value: "x" },
        { name: "db_password", value: "x" },
        { name: "MY_SECRET_FILE", value: "x" },
        { name: "LOG_LEVEL", value: "x" },
        { name: 3, value: "x" },
        { name: ["API_TOKEN"], value: "x" },
        { name: "API_TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "k" } } },
      ];
      const sets = (i: number, name: string) =>
        `server.env[${i}].value sets ${name} as plain text: use valueFrom.secretKeyRef`;
      expect(checkHelmValueSecrets(RELEASE, cd({ server: { env } }))).to.deep.equal([
        sets(0, "OIDC_TOKEN"),
        sets(1, "db_password"),
        sets(2, "MY_SECRET_FILE"),
      ]);
      // A map's `value` key next to a `name` is not an env entry.
      expect(checkHelmValueSecrets(RELEASE, cd({ server: { name: "TOKEN", value: "x" } }))).to.deep.equal([]);
      expect(checkHelmValueSecrets(RELEASE, cd({ value: "x", name: "TOKEN" }))).to.deep.equal([]);
    });

    it("checks secrets inside the Dex configuration and only in Helm releases", () => {
      const dex = { staticClients: [{ id: "c", secret: "literal" }] };
      expect(checkHelmValueSecrets(RELEASE, withDex(dex))).to.deep.equal([
        `${DEX}.staticClients[0].secret holds a client secret as plain text: reference a Kubernetes Secret`,
      ]);
      expect(
        checkHelmValueSecrets("kubernetes:core/v1:ConfigMap", { values: { secret: "x" } }),
      ).to.deep.equal([]);
    });
  });

  describe("secrets of the stack and their leaks", () => {
    const secret = (
      name: string,
      field: "stringData" | "data",
      entries: Record<string, unknown>,
    ): StackResource => ({
      type: "kubernetes:core/v1:Secret",
      name,
      urn: `urn:${name}`,
      props: { [field]: entries },
    });

    it("collects Secret entries named like secrets, decoded, from 12 characters on, and generated passwords", () => {
      const found = collectSecrets([
        secret("s1", "stringData", {
          "client-secret": "123456789012",
          password: "12345678901",
          "ca.crt": "not-a-secret-but-long",
          token: 123456789012,
        }),
        secret("s2", "data", {
          apiToken: Buffer.from("decoded-token-text").toString("base64"),
          token: 123456789012,
        }),
        {
          type: "random:index/randomPassword:RandomPassword",
          name: "pw",
          urn: "urn:pw",
          props: { result: "p".repeat(12) },
        },
        {
          type: "random:index/randomPassword:RandomPassword",
          name: "pw2",
          urn: "urn:pw2",
          props: { result: Array(12).fill("p") },
        },
        {
          type: "random:index/randomString:RandomString",
          name: "rs",
          urn: "urn:rs",
          props: { result: "r".repeat(20) },
        },
        {
          type: "kubernetes:core/v1:ConfigMap",
          name: "cm",
          urn: "urn:cm",
          props: { data: { token: "t".repeat(20) } },
        },
        secret("s3", "stringData", "not a map" as unknown as Record<string, unknown>),
      ]);
      expect(found).to.deep.equal([
        { source: "Secret s1 client-secret", value: "123456789012" },
        { source: "Secret s2 apiToken", value: "decoded-token-text" },
        { source: "RandomPassword pw", value: "pppppppppppp" },
      ]);
    });

    it("reports each Helm value that contains a secret's text, with the release's URN", () => {
      const leaks = findSecretLeaks([
        secret("s1", "stringData", { "client-secret": "abcdefghijkl" }),
        {
          type: RELEASE,
          name: "argocd",
          urn: "urn:argocd",
          props: cd({ note: "x abcdefghijkl y", other: "abcdefghijk" }),
        },
        {
          type: "kubernetes:core/v1:ConfigMap",
          name: "cm",
          urn: "urn:cm",
          props: { values: { note: "abcdefghijkl" } },
        },
      ]);
      expect(leaks).to.deep.equal([
        {
          urn: "urn:argocd",
          message:
            "note contains the value of Secret s1 client-secret: Helm values are stored in plain text in the release",
        },
      ]);
    });
  });

  describe("policy/helm-values helpers", () => {
    it("takes a chart's bare name from a repo path or OCI URL, and no name from a non-text chart", () => {
      expect(
        [
          { chart: "argo-cd" },
          { chart: "argo/argo-cd" },
          { chart: "oci://ghcr.io/argoproj/argo-helm/argo-cd" },
          { chart: 3 },
          {},
        ].map(chartName),
      ).to.deep.equal(["argo-cd", "argo-cd", "argo-cd", "", ""]);
      expect(helmChart("kubernetes:helm.sh/v3:Release", { chart: "a/b" })).to.equal("b");
      expect(helmChart("kubernetes:apps/v1:Deployment", { chart: "a/b" })).to.equal(undefined);
    });

    it("follows a path through maps and lists only", () => {
      const root = { a: [{ b: "x" }], s: "text" };
      expect([
        getPath(root, ["a", 0, "b"]),
        getPath(root, ["a", "0", "b"]),
        getPath(root, ["s", 0]),
        getPath(root, ["a", 1, "b"]),
        getPath(root, []),
      ]).to.deep.equal(["x", undefined, undefined, undefined, root]);
    });

    it("names the last map key of a path, none for a path of indexes only", () => {
      expect([
        lastKey(["a", "redirectURIs", 0]),
        lastKey(["issuer", 0, 1]),
        lastKey([0, 1]),
        lastKey([]),
      ]).to.deep.equal(["redirectURIs", "issuer", "", ""]);
    });

    it("reads Dex's configuration as YAML text or a map, and names the first line of a YAML error", () => {
      expect(dexConfig({ configs: { cm: { "dex.config": null } } })).to.deep.equal({ kind: "absent" });
      expect(dexConfig({ configs: { cm: { "dex.config": "a: 1" } } })).to.deep.equal({
        kind: "parsed",
        config: { a: 1 },
      });
      expect(dexConfig({ configs: { cm: { "dex.config": { issuer: "https://a" } } } })).to.deep.equal({
        kind: "parsed",
        config: { issuer: "https://a" },
      });
      // The first line of the yaml package's (2.x) message for this text.
      expect(dexConfig({ configs: { cm: { "dex.config": "a: [1" } } })).to.deep.equal({
        kind: "invalid",
        error:
          "Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 6:",
      });
    });

    it("walks the Dex configuration in place of its text, and other strings as they are", () => {
      const seen: [ValuePath, string][] = [];
      walkReleaseStrings(
        {
          configs: { cm: { "dex.config": "issuer: https://a\nlist: [x]", url: "u" } },
          n: 1,
          t: true,
          z: null,
          l: ["y"],
        },
        (path, text) => seen.push([path, text]),
      );
      expect(seen).to.deep.equal([
        [["configs", "cm", "dex.config", "issuer"], "https://a"],
        [["configs", "cm", "dex.config", "list", 0], "x"],
        [["configs", "cm", "url"], "u"],
        [["l", 0], "y"],
      ]);
      const unread: [ValuePath, string][] = [];
      walkReleaseStrings({ configs: { cm: { "dex.config": "- a" } } }, (path, text) =>
        unread.push([path, text]),
      );
      expect(unread).to.deep.equal([[["configs", "cm", "dex.config"], "- a"]]);
    });
  });
});
