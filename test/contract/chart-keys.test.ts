/**
 * Every Helm value the program sets must exist in the pinned chart's values.yaml, or Helm ignores
 * it silently. The key trees come from test/fixtures/charts (see the README there), named by the
 * chart and version the release actually pins, so a version bump without a new fixture fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import { formatValuePath, leafPaths, type ValuePath } from "../../components/helm-values";
import type { KeyTree } from "../../scripts/derive-chart-keys";
import { ofType, type ProgramRun } from "../support/capture";
import { runProgramOnce } from "../support/runs";
import { stackRuntimeConfig } from "../support/configs";
import { RELEASE, runSample } from "./argo-sample";

/**
 * Maps whose keys the chart passes through unchecked (ConfigMap data, free-form objects).
 * `configs.params`: every key but create/annotations becomes argocd-cmd-params-cm data
 * (argo-cd-10.1.1 templates/_helpers.tpl "argo-cd.config.params").
 */
const PASS_THROUGH: readonly ValuePath[] = [
  ["configs", "cm"],
  ["configs", "params"],
  ["configs", "rbac"],
  ["extraObjects"],
];

function loadTree(chart: string, version: string): KeyTree {
  const file = path.join(__dirname, "..", "fixtures", "charts", `${chart}-${version}.keys.json`);
  return (JSON.parse(fs.readFileSync(file, "utf8")) as { tree: KeyTree }).tree;
}

function startsWith(p: ValuePath, prefix: ValuePath): boolean {
  return prefix.every((segment, i) => p[i] === segment);
}

/** The paths of `values` that the chart does not know, formatted. */
function unknownKeys(values: unknown, tree: KeyTree): string[] {
  const unknown: string[] = [];
  for (const p of leafPaths(values)) {
    if (PASS_THROUGH.some((prefix) => startsWith(p, prefix))) continue;
    let node: KeyTree | null = tree;
    for (const segment of p) {
      // An empty map in the chart (annotations, labels, ...) takes any key.
      if (node !== null && Object.keys(node).length === 0) break;
      if (node === null || !(segment in node)) {
        unknown.push(formatValuePath(p));
        break;
      }
      node = node[segment];
    }
  }
  return unknown;
}

/** `<chart>@<version>: <key>` for every key of every release in `run` that its chart lacks. */
function unknownReleaseKeys(run: ProgramRun): string[] {
  return ofType(run, RELEASE).flatMap((release) => {
    const { chart, version, values } = release.inputs as { chart: string; version: string; values: unknown };
    return unknownKeys(values, loadTree(chart, version)).map((key) => `${chart}@${version}: ${key}`);
  });
}

describe("contract: chart value keys", () => {
  it("sets only keys that exist in the pinned charts' values.yaml", async () => {
    const run = await runSample();
    expect(ofType(run, RELEASE)).to.have.length(2);
    expect(unknownReleaseKeys(run)).to.deep.equal([]);
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`sets only keys the pinned charts know over Pulumi.${stack}.yaml, user values included`, async () => {
      const run = await runProgramOnce({ stack, config: stackRuntimeConfig(stack) });
      expect(ofType(run, RELEASE)).to.have.length(2);
      expect(unknownReleaseKeys(run)).to.deep.equal([]);
    });
  }

  it("flags a key the chart does not have", () => {
    const tree = loadTree("argo-workflows", "1.0.18");
    expect(unknownKeys({ server: { sso: { redirectURL: "x", redirectUrl: "y" } } }, tree)).to.deep.equal([
      "server.sso.redirectURL",
    ]);
  });

  it("accepts any key under a map the chart leaves empty", () => {
    const tree = loadTree("argo-cd", "10.1.1");
    expect(unknownKeys({ dex: { podAnnotations: { "example.com/anything": "1" } } }, tree)).to.deep.equal([]);
  });
});
