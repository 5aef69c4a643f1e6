/**
 * Pure helpers of the benchmark: medians, the derived ratios and the markdown tables that
 * `npm run bench` prints (and docs/scale.md records).
 */
import * as fs from "node:fs";
import * as os from "node:os";

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Medians of one (size, mode) cell over its runs. */
export interface CellSummary {
  readonly resources: number;
  /** Node start → every registration done, ms. */
  readonly wallMs: number;
  /** User + system CPU time of the process, ms. */
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly runs: number;
}

/** One row of the scale table: a synthetic organisation rendered and floored. */
export interface ScaleRow {
  readonly accounts: number;
  readonly assignments: number;
  readonly render: CellSummary;
  /** Plain node, the SDK's resource classes, no TypeScript loader. */
  readonly floor: CellSummary;
  /** The floor with `source-map-support/register` loaded, as the Pulumi CLI's nodejs host does. */
  readonly floorSms?: CellSummary;
}

/** What one child run reports (see bench-child.ts). */
export interface RunSample {
  readonly resources: number;
  readonly doneMs: number;
  readonly cpuMs: number;
  readonly maxRssKiB: number;
}

export function summarize(samples: readonly RunSample[]): CellSummary {
  return {
    resources: samples[0]?.resources ?? 0,
    wallMs: median(samples.map((s) => s.doneMs)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
    maxRssMiB: median(samples.map((s) => s.maxRssKiB / 1024)),
    runs: samples.length,
  };
}

/**
 * Marginal cost per resource between consecutive rows: Δ time / Δ resources, ms. The fixed
 * start-up cancels out, so a linear program shows the same value between every pair of sizes.
 */
export function marginalMsPerResource(
  rows: readonly ScaleRow[],
  pick: (row: ScaleRow) => CellSummary,
  metric: "wallMs" | "cpuMs" = "wallMs",
): (number | undefined)[] {
  return rows.map((row, i) => {
    const previous = rows[i - 1];
    if (previous === undefined) return undefined;
    const dr = pick(row).resources - pick(previous).resources;
    return dr <= 0 ? undefined : (pick(row)[metric] - pick(previous)[metric]) / dr;
  });
}

const fixed = (value: number | undefined, digits: number): string =>
  value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);
const seconds = (ms: number): string => fixed(ms / 1000, 2);

/** Renders a markdown table from a header row and body rows. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The scale table: per size, render vs floor (and floor with source-map-support) wall, CPU, peak RSS. */
export function scaleTable(rows: readonly ScaleRow[]): string {
  const renderMarginal = marginalMsPerResource(rows, (r) => r.render);
  const floorMarginal = marginalMsPerResource(rows, (r) => r.floor);
  return markdownTable(
    [
      "accounts",
      "assignments",
      "resources",
      "render wall s",
      "floor wall s",
      "wall ratio",
      "floor + source-map-support wall s",
      "render CPU s",
      "floor CPU s",
      "CPU ratio",
      "render RSS MiB",
      "floor RSS MiB",
      "RSS ratio",
      "floor + source-map-support RSS MiB",
      "render ms/resource (marginal)",
      "floor ms/resource (marginal)",
    ],
    rows.map((row, i) => [
      String(row.accounts),
      String(row.assignments),
      String(row.render.resources),
      seconds(row.render.wallMs),
      seconds(row.floor.wallMs),
      fixed(row.render.wallMs / row.floor.wallMs, 2),
      row.floorSms === undefined ? "–" : seconds(row.floorSms.wallMs),
      seconds(row.render.cpuMs),
      seconds(row.floor.cpuMs),
      fixed(row.render.cpuMs / row.floor.cpuMs, 2),
      fixed(row.render.maxRssMiB, 0),
      fixed(row.floor.maxRssMiB, 0),
      fixed(row.render.maxRssMiB / row.floor.maxRssMiB, 2),
      row.floorSms === undefined ? "–" : fixed(row.floorSms.maxRssMiB, 0),
      fixed(renderMarginal[i], 2),
      fixed(floorMarginal[i], 2),
    ]),
  );
}

/** Render / floor ratio target for wall time and for peak memory (issue 11). */
export const RATIO_TARGET = 1.3;

/** The targets of issue 11, checked against the measured rows (the benchmark asserts nothing). */
export function targetLines(rows: readonly ScaleRow[]): string[] {
  if (rows.length === 0) return [];
  const verdict = (value: number, target: number) =>
    `target ≤ ${target.toFixed(2)}: ${value <= target ? "met" : "not met"}`;
  const lines: string[] = [];
  for (const row of rows) {
    const wall = row.render.wallMs / row.floor.wallMs;
    const rss = row.render.maxRssMiB / row.floor.maxRssMiB;
    const sms =
      row.floorSms === undefined
        ? ""
        : `; the floor with source-map-support takes ${(row.floorSms.wallMs / row.floor.wallMs).toFixed(2)}× the floor's wall time`;
    lines.push(
      `- ${row.assignments} assignments: render/floor wall ${wall.toFixed(2)} (${verdict(wall, RATIO_TARGET)}), ` +
        `peak RSS ${rss.toFixed(2)} (${verdict(rss, RATIO_TARGET)})${sms}`,
    );
  }
  const marginal = marginalMsPerResource(rows, (r) => r.render).filter((m): m is number => m !== undefined);
  const first = rows[0] as ScaleRow;
  const last = rows[rows.length - 1] as ScaleRow;
  if (rows.length > 1) {
    const perResource =
      last.render.wallMs / last.render.resources / (first.render.wallMs / first.render.resources);
    lines.push(
      `- time per resource, largest vs smallest size: ${perResource.toFixed(2)}× (${verdict(perResource, 1.1)})`,
    );
  }
  if (marginal.length > 1) {
    const growth = (marginal[marginal.length - 1] as number) / (marginal[0] as number);
    lines.push(
      `- marginal ms per resource, last vs first pair of sizes: ${growth.toFixed(2)}× (1.00 = linear)`,
    );
  }
  return lines;
}

/** One start-up row: how Pulumi runs the TypeScript, and what it costs. */
export interface StartupRow {
  readonly mode: string;
  readonly firstRegisterMs: number;
  readonly doneMs: number;
  readonly cpuMs: number;
  readonly maxRssMiB: number;
  readonly runs: number;
  readonly note: string;
}

export function startupTable(rows: readonly StartupRow[]): string {
  return markdownTable(
    [
      "config: how the TypeScript runs",
      "node start → first resource s",
      "node start → all registered s",
      "CPU s",
      "peak RSS MiB",
      "runs",
      "note",
    ],
    rows.map((r) => [
      r.mode,
      seconds(r.firstRegisterMs),
      seconds(r.doneMs),
      seconds(r.cpuMs),
      fixed(r.maxRssMiB, 0),
      String(r.runs),
      r.note,
    ]),
  );
}

/** A one-off timing of a command (`npm test`, `npm run typecheck`). */
export interface CommandTiming {
  readonly command: string;
  readonly wallMs: number;
  /** User + system CPU of the command and every process it waited for, ms (undefined: not measured). */
  readonly cpuMs?: number;
  readonly status: number | null;
}

export function commandTable(rows: readonly CommandTiming[]): string {
  return markdownTable(
    ["command", "wall s", "CPU s", "exit status"],
    rows.map((r) => [
      `\`${r.command}\``,
      seconds(r.wallMs),
      r.cpuMs === undefined ? "–" : seconds(r.cpuMs),
      String(r.status),
    ]),
  );
}

/**
 * CPU time (user + system, ms) of the processes this process has waited for, from
 * /proc/self/stat (Linux); undefined elsewhere. The difference around a `spawnSync` is that
 * command's CPU, children and grandchildren included: unlike wall time, not inflated by other
 * load on a shared machine.
 */
export function childrenCpuMs(): number | undefined {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    const [cutime, cstime] = [Number(fields[13]), Number(fields[14])];
    return Number.isFinite(cutime) && Number.isFinite(cstime) ? (cutime + cstime) * 10 : undefined;
  } catch {
    return undefined;
  }
}

/** The machine a result came from: what docs/scale.md records beside each table. */
export function machineLine(now: Date = new Date()): string {
  const cpus = os.cpus();
  const load = os.loadavg().map((l) => l.toFixed(2));
  return (
    `${os.availableParallelism?.() ?? cpus.length} CPUs (${cpus[0]?.model.trim() ?? "unknown"}), ` +
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}, ` +
    `load average ${load.join(" ")}, ${now.toISOString().slice(0, 16).replace("T", " ")} UTC`
  );
}
