/**
 * Derives the key tree of each pinned chart's `values.yaml` into a committed test fixture, so that
 * the contract tests can check every Helm value the program sets against the real chart without
 * reading anything outside the repository at test time. Run by hand when a chart version moves:
 *
 *   node -r ./scripts/lib/ts-register.js scripts/derive-chart-keys.ts [reference-dir]
 *
 * `reference-dir` defaults to `../shared/reference` beside the repository; it holds
 * `<chart>-chart/{Chart.yaml,values.yaml}` and a README whose table names the upstream commit.
 * Writes `test/fixtures/charts/<chart>-<version>.keys.json`.
 *
 * Tree format: a map becomes an object of its keys; an empty map (`{}`, where the chart takes any
 * key) becomes `{}`; anything else (scalar, list, null) becomes `null`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";

export type KeyTree = { [key: string]: KeyTree | null };

/** The key tree of a parsed values document. */
export function keyTree(value: unknown): KeyTree | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const tree: KeyTree = {};
  for (const [key, child] of Object.entries(value)) tree[key] = keyTree(child);
  return tree;
}

/** The commit of `<dir>/...` in the reference README's table (`| <dir>/... | upstream | commit |`). */
export function upstreamOf(readme: string, dir: string): { upstream: string; commit: string } {
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length >= 4 && cells[1].startsWith(`${dir}/`)) return { upstream: cells[2], commit: cells[3] };
  }
  throw new Error(`no row for ${dir}/ in the reference README`);
}

function main(): void {
  const root = path.resolve(__dirname, "..");
  const reference = path.resolve(process.argv[2] ?? path.join(root, "..", "shared", "reference"));
  const readme = fs.readFileSync(path.join(reference, "README.md"), "utf8");
  const outDir = path.join(root, "test", "fixtures", "charts");
  fs.mkdirSync(outDir, { recursive: true });

  for (const dir of fs.readdirSync(reference).filter((d) => d.endsWith("-chart"))) {
    const chart = YAML.parse(fs.readFileSync(path.join(reference, dir, "Chart.yaml"), "utf8"));
    const values = YAML.parse(fs.readFileSync(path.join(reference, dir, "values.yaml"), "utf8"));
    const { upstream, commit } = upstreamOf(readme, dir);
    const fixture = {
      chart: chart.name,
      version: chart.version,
      appVersion: chart.appVersion,
      source: `${upstream}, values.yaml at commit ${commit}`,
      generatedBy: "scripts/derive-chart-keys.ts",
      tree: keyTree(values),
    };
    const out = path.join(outDir, `${chart.name}-${chart.version}.keys.json`);
    fs.writeFileSync(out, `${JSON.stringify(fixture, null, 2)}\n`);
    process.stdout.write(`wrote ${path.relative(root, out)}\n`);
  }
}

if (require.main === module) main();
