/**
 * The offline render: runs the real program under Pulumi's mock runtime with a stack's
 * `Pulumi.<stack>.yaml` and prints the desired state. No Pulumi CLI, no credentials.
 *
 *   npm run render -- --stack dev [--format json|yaml|text]
 *   npm run render -- --stack-file path/to/Pulumi.staging.yaml   (a stack file anywhere)
 *
 * stdout carries only the rendering; problems and notes go to stderr. Exit codes: 0 rendered,
 * 1 the stack's config is invalid (every problem listed), 2 bad usage or stack file.
 */
import * as path from "node:path";
import * as YAML from "yaml";
import { ProgramRun, runProgram } from "./lib/mock-runtime";
import { readStackFile, StackFileError } from "./lib/stack-file";
import { renderText } from "./lib/render-text";

export type Format = "json" | "yaml" | "text";
const FORMATS: readonly Format[] = ["json", "yaml", "text"];

export interface RenderArgs {
  readonly stack: string;
  readonly format: Format;
  /** Directory holding `Pulumi.<stack>.yaml`. @default the repository root */
  readonly dir?: string;
}

/** Thrown for bad command-line usage; the message is for the user. */
export class UsageError extends Error {}

const USAGE =
  "usage: npm run render -- --stack <name> [--format json|yaml|text]\n" +
  "       npm run render -- --stack-file <dir>/Pulumi.<name>.yaml [--format json|yaml|text]";

/** Parses `--stack dev --format json` (also `--stack=dev`). */
export function parseArgs(argv: readonly string[]): RenderArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(stack|format|stack-file)(?:=(.*))?$/.exec(arg);
    if (arg === "--help" || arg === "-h") throw new UsageError(USAGE);
    if (!match) throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${match[1]} needs a value\n${USAGE}`);
    values[match[1]] = value;
  }
  let dir: string | undefined;
  if (values["stack-file"]) {
    const file = /^(?:(.*)[\\/])?Pulumi\.([\w.-]+)\.yaml$/.exec(values["stack-file"]);
    if (!file) throw new UsageError(`--stack-file must name a Pulumi.<stack>.yaml file\n${USAGE}`);
    dir = path.resolve(file[1] ?? ".");
    values.stack ??= file[2];
  }
  if (!values.stack) throw new UsageError(`--stack is required\n${USAGE}`);
  const format = (values.format ?? "json") as Format;
  if (!FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(values.format)}`,
    );
  }
  return dir === undefined ? { stack: values.stack, format } : { stack: values.stack, format, dir };
}

/** The JSON document of a run: the shape DESIGN.md promises reviewers. */
export function toDocument(run: ProgramRun): Record<string, unknown> {
  return {
    project: run.project,
    stack: run.stack,
    resources: run.resources.map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parent,
      inputs: r.inputs,
      outputs: r.outputs,
      protect: r.protect,
      provider: r.provider,
      dependsOn: r.dependsOn,
      additionalSecretOutputs: r.additionalSecretOutputs,
      customTimeouts: r.customTimeouts,
      deletedWith: r.deletedWith,
      ignoreChanges: r.ignoreChanges,
      replaceOnChanges: r.replaceOnChanges,
      retainOnDelete: r.retainOnDelete,
      deleteBeforeReplace: r.deleteBeforeReplace,
      aliases: r.aliases,
      importId: r.importId,
    })),
    outputs: run.outputs,
  };
}

export function format(run: ProgramRun, fmt: Format): string {
  switch (fmt) {
    case "json":
      return JSON.stringify(toDocument(run), null, 2) + "\n";
    case "yaml":
      return YAML.stringify(toDocument(run), { lineWidth: 0 });
    case "text":
      return renderText(run);
  }
}

/** Reads a stack file and runs the program on it under the mocks. Config errors propagate. */
export async function runStack(
  args: Pick<RenderArgs, "stack" | "dir">,
  log: (line: string) => void = () => {},
): Promise<{ run: ProgramRun; config: Readonly<Record<string, string>> }> {
  const file = readStackFile(args.stack, args.dir);
  for (const key of file.undecrypted) {
    log(`note: ${key} is encrypted in ${args.stack}'s stack file; rendered as a secret placeholder`);
  }
  const run = await runProgram({
    stack: args.stack,
    config: file.config,
    secretKeys: file.secretKeys,
    mocks: { stackOutputs: stackReferencePlaceholders(file.config["argo-sso:cluster"]) },
  });
  return { run, config: file.config };
}

/** Reads the stack file, runs the program and returns the rendering. Config errors propagate. */
export async function render(args: RenderArgs, log: (line: string) => void = () => {}): Promise<string> {
  return format((await runStack(args, log)).run, args.format);
}

/** A placeholder for the kubeconfig output another stack would provide. */
function stackReferencePlaceholders(cluster: string | undefined): Record<string, string> {
  try {
    const output = JSON.parse(cluster ?? "{}")?.stackReference?.output;
    return typeof output === "string" ? { [output]: "[kubeconfig from the referenced stack]" } : {};
  } catch {
    return {};
  }
}

/** Problems carried by a config error, one per line; undefined for any other error. */
export function configProblems(err: unknown): string[] | undefined {
  const problems = (err as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) ? problems.map(String) : undefined;
}

async function main(): Promise<number> {
  let args: RenderArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  try {
    process.stdout.write(await render(args, (line) => process.stderr.write(`${line}\n`)));
    return 0;
  } catch (err) {
    const problems = configProblems(err);
    if (problems) {
      process.stderr.write(
        `argo-sso: the ${args.stack} stack's config has ${problems.length} problem(s):\n` +
          problems.map((p) => `  ${p}\n`).join(""),
      );
      return 1;
    }
    if (err instanceof StackFileError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`render failed: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  // exitCode, not exit(): exit() would cut off stdout still being written to a pipe.
  void main().then((code) => {
    process.exitCode = code;
  });
}
