/**
 * The SSO-bypass table (policy/sso-bypass.ts) as the policy pack reads it, with every key and
 * every message written out here, not taken from the table: a rule dropped from the table, a key
 * pattern loosened or a message changed fails a test. Keys are the pinned charts' (argo-helm
 * argo-cd-10.1.1 / argo-workflows-1.0.18 values.yaml) and Argo CD v3.4.4's settings keys and
 * command parameters (util/settings/settings.go, docs/operator-manual/argocd-cmd-params-cm.yaml),
 * as listed in the module's header. test/stacks/values-bypass.test.ts covers the config loader.
 */
import { expect } from "chai";
import { checkSsoBypassValues, findBypassKeys, formatBypassPath } from "../../policy/sso-bypass";

const POD = "(e.g. --disable-auth, ARGOCD_SERVER_DISABLE_AUTH)";
const WHY = {
  cm: "an Argo CD setting for login, identity providers, local accounts or RBAC",
  cmCreate: "decides whether argocd-cm is rendered",
  rbac: "argocd-rbac-cm: Argo CD appends every policy.*.csv key to policy.csv",
  params: "an argocd-server or Dex command parameter that changes authentication or the URL it runs under",
  paramsCreate: "decides whether argocd-cmd-params-cm is rendered",
  secret: "argocd-secret: local account passwords, extra keys, or whether it is rendered",
  objects: "adds objects beside the chart's",
  server: `changes what the argocd-server pods run ${POD}`,
  dex: `changes what the argocd-dex pods run ${POD}`,
  global: `changes what the Argo CD pods run ${POD}`,
  wfServer: "changes what argo-server runs (e.g. --auth-mode=server)",
};

const cd = (path: string, why: string) => `argo-cd values set ${path}, which can bypass SSO (${why})`;
const wf = (path: string, why: string) => `argo-workflows values set ${path}, which can bypass SSO (${why})`;

/** Every literal (non-wildcard) key of the table, one value each, in the table's order. */
const ARGOCD_LITERAL_VALUES = {
  configs: {
    cm: { create: false },
    params: { create: false },
    secret: {
      createSecret: false,
      argocdServerAdminPassword: "x",
      argocdServerAdminPasswordMtime: "x",
      extra: { k: "v" },
    },
  },
  extraObjects: [],
  server: {
    image: {},
    extraArgs: [],
    env: [],
    envFrom: [],
    extraContainers: [],
    initContainers: [],
    volumes: [],
    volumeMounts: [],
  },
  dex: {
    image: {},
    extraArgs: [],
    envFrom: [],
    extraContainers: [],
    initContainers: [],
    volumes: [],
    volumeMounts: [],
  },
  global: { image: {}, env: [], extraVolumes: [], extraVolumeMounts: [] },
};

describe("policy/sso-bypass", () => {
  it("reports every argo-cd bypass key of the table, each with its reason, in table order", () => {
    expect(checkSsoBypassValues("argo-cd", ARGOCD_LITERAL_VALUES)).to.deep.equal([
      cd("configs.cm.create", WHY.cmCreate),
      cd("configs.params.create", WHY.paramsCreate),
      cd("configs.secret.createSecret", WHY.secret),
      cd("configs.secret.argocdServerAdminPassword", WHY.secret),
      cd("configs.secret.argocdServerAdminPasswordMtime", WHY.secret),
      cd("configs.secret.extra", WHY.secret),
      cd("extraObjects", WHY.objects),
      cd("server.image", WHY.server),
      cd("server.extraArgs", WHY.server),
      cd("server.env", WHY.server),
      cd("server.envFrom", WHY.server),
      cd("server.extraContainers", WHY.server),
      cd("server.initContainers", WHY.server),
      cd("server.volumes", WHY.server),
      cd("server.volumeMounts", WHY.server),
      cd("dex.image", WHY.dex),
      cd("dex.extraArgs", WHY.dex),
      cd("dex.envFrom", WHY.dex),
      cd("dex.extraContainers", WHY.dex),
      cd("dex.initContainers", WHY.dex),
      cd("dex.volumes", WHY.dex),
      cd("dex.volumeMounts", WHY.dex),
      cd("global.image", WHY.global),
      cd("global.env", WHY.global),
      cd("global.extraVolumes", WHY.global),
      cd("global.extraVolumeMounts", WHY.global),
    ]);
  });

  it("reports every argo-workflows bypass key of the table", () => {
    const values = {
      server: {
        image: {},
        extraArgs: [],
        extraEnv: [],
        extraContainers: [],
        extraInitContainers: [],
        volumes: [],
        volumeMounts: [],
      },
      extraObjects: [],
    };
    expect(checkSsoBypassValues("argo-workflows", values)).to.deep.equal([
      wf("server.image", WHY.wfServer),
      wf("server.extraArgs", WHY.wfServer),
      wf("server.extraEnv", WHY.wfServer),
      wf("server.extraContainers", WHY.wfServer),
      wf("server.extraInitContainers", WHY.wfServer),
      wf("server.volumes", WHY.wfServer),
      wf("server.volumeMounts", WHY.wfServer),
      wf("extraObjects", WHY.objects),
    ]);
  });

  it("matches argocd-cm settings for login, accounts and RBAC, whole keys only", () => {
    const cm = {
      additionalUrls: "x",
      "oidc.config": "x",
      "oidc.tls.insecure.skip.verify": "true",
      "users.session.duration": "x",
      "accounts.ci": "apiKey",
      "server.rbac.log.enforce.enable": "true",
      // Near misses: a longer or shorter key, a prefix with nothing after it.
      "url.extra": "x",
      xurl: "x",
      "users.": "x",
      "accounts.": "x",
      "server.rbac.": "x",
      "admin.enabled.x": "x",
      "exec.enabled": "true",
      "dex.configx": "x",
    };
    expect(checkSsoBypassValues("argo-cd", { configs: { cm } })).to.deep.equal([
      cd("configs.cm.additionalUrls", WHY.cm),
      cd('configs.cm."oidc.config"', WHY.cm),
      cd('configs.cm."oidc.tls.insecure.skip.verify"', WHY.cm),
      cd('configs.cm."users.session.duration"', WHY.cm),
      cd('configs.cm."accounts.ci"', WHY.cm),
      cd('configs.cm."server.rbac.log.enforce.enable"', WHY.cm),
    ]);
  });

  it("matches the argocd-cmd-params-cm parameters that change authentication, whole keys only", () => {
    const params = {
      "server.disable.auth": "true",
      "server.dex.server": "x",
      "server.dex.server.strict.tls": "false",
      "dexserver.disable.tls": "true",
      "server.basehref": "/x",
      "server.rootpath": "/x",
      "server.disable.authx": "x",
      "xserver.disable.auth": "x",
      "dexserver.": "x",
      "server.basehref.x": "x",
      "server.log.level": "debug",
    };
    expect(checkSsoBypassValues("argo-cd", { configs: { params } })).to.deep.equal([
      cd('configs.params."server.disable.auth"', WHY.params),
      cd('configs.params."server.dex.server"', WHY.params),
      cd('configs.params."server.dex.server.strict.tls"', WHY.params),
      cd('configs.params."dexserver.disable.tls"', WHY.params),
      cd('configs.params."server.basehref"', WHY.params),
      cd('configs.params."server.rootpath"', WHY.params),
    ]);
  });

  it("reports every argocd-rbac-cm key except the three argo-sso sets", () => {
    const rbac = {
      "policy.csv": "g, a, role:admin",
      "policy.default": "",
      scopes: "[groups]",
      "policy.matchMode": "glob",
      "policy.extra.csv": "p, x",
      create: false,
    };
    // argocd-secret: only the four keys, whole.
    const secret = { extras: "x", xextra: "x", createSecretx: "x", githubSecret: "x" };
    expect(checkSsoBypassValues("argo-cd", { configs: { secret } })).to.deep.equal([]);
    expect(checkSsoBypassValues("argo-cd", { configs: { rbac } })).to.deep.equal([
      cd('configs.rbac."policy.extra.csv"', WHY.rbac),
      cd("configs.rbac.create", WHY.rbac),
    ]);
  });

  it("passes the keys argo-sso sets itself and only those", () => {
    const ownKeys = {
      configs: {
        cm: {
          url: "https://a",
          "dex.config": "x",
          "admin.enabled": "false",
          "users.anonymous.enabled": "false",
        },
      },
      dex: { env: [] },
    };
    expect(checkSsoBypassValues("argo-cd", ownKeys)).to.deep.equal([]);
    // The same keys on the other chart are not argo-sso's: argo-workflows has no exception.
    expect(checkSsoBypassValues("argo-workflows", { server: { extraEnv: [] } })).to.have.length(1);
  });

  it("checks only the two Argo charts", () => {
    expect(checkSsoBypassValues("cert-manager", { extraObjects: [], server: { image: {} } })).to.deep.equal(
      [],
    );
  });

  it("walks only maps: lists, text and null in the way match nothing", () => {
    expect(checkSsoBypassValues("argo-cd", { configs: [{ cm: { create: false } }] })).to.deep.equal([]);
    expect(checkSsoBypassValues("argo-cd", { configs: { cm: "create: false" } })).to.deep.equal([]);
    // Text under a key whose rule matches every key: its characters are not keys.
    expect(checkSsoBypassValues("argo-cd", { configs: { rbac: "policy.extra.csv" } })).to.deep.equal([]);
    expect(checkSsoBypassValues("argo-cd", { server: null })).to.deep.equal([]);
    expect(findBypassKeys(["extraObjects"], "argo-cd")).to.deep.equal([]);
  });

  it("reports a key set to null or false: setting it is what counts", () => {
    expect(checkSsoBypassValues("argo-workflows", { extraObjects: null })).to.deep.equal([
      wf("extraObjects", WHY.objects),
    ]);
  });

  it("ignores keys a values map only inherits", () => {
    const inherited = Object.create({ extraObjects: [], configs: { cm: { create: false } } }) as Record<
      string,
      unknown
    >;
    expect(checkSsoBypassValues("argo-cd", inherited)).to.deep.equal([]);
    const cm = Object.create({ "oidc.config": "x" }) as Record<string, unknown>;
    expect(checkSsoBypassValues("argo-cd", { configs: { cm } })).to.deep.equal([]);
  });

  it("returns each hit's path and rule", () => {
    const hits = findBypassKeys({ configs: { params: { "server.rootpath": "/a" } } }, "argo-cd");
    expect(hits.map((h) => ({ path: h.path, chart: h.rule.chart, why: h.rule.why }))).to.deep.equal([
      { path: ["configs", "params", "server.rootpath"], chart: "argo-cd", why: WHY.params },
    ]);
  });

  it("writes a path the way values are written: plain keys bare, others quoted", () => {
    expect(
      [
        ["configs", "cm", "url"],
        ["configs", "params", "server.disable.auth"],
        ["_a", "b-c", "d_1"],
        ["1a"],
        ["-a"],
        ["a b"],
        ["a:"],
        [""],
      ].map(formatBypassPath),
    ).to.deep.equal([
      "configs.cm.url",
      'configs.params."server.disable.auth"',
      "_a.b-c.d_1",
      '"1a"',
      '"-a"',
      '"a b"',
      '"a:"',
      '""',
    ]);
  });
});
