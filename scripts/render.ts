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
import { DEFAULT_STACK_REFERENCE_OUTPUT } from "../stacks/schema-argo";

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

/** Parses `--stack dev --format json` (also `--stack=dev`). An option given twice is an error. */
export function parseArgs(argv: readonly string[]): RenderArgs {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const match = /^--(stack|format|stack-file)(?:=(.*))?$/.exec(arg);
    if (arg === "--help" || arg === "-h") throw new UsageError(USAGE);
    if (!match) throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${match[1]} needs a value\n${USAGE}`);
    if (Object.prototype.hasOwnProperty.call(values, match[1])) {
      throw new UsageError(
        `--${match[1]} given twice (${values[match[1]]}, ${value}); give it once\n${USAGE}`,
      );
    }
    values[match[1]] = value;
  }
  if (values.stack !== undefined && values["stack-file"] !== undefined) {
    throw new UsageError(`give --stack or --stack-file, not both\n${USAGE}`);
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
    log(
      `note: ${key} holds an encrypted value in ${args.stack}'s stack file: it is not decrypted offline, and everything ${key} feeds is rendered as [secret]`,
    );
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

/**
 * A placeholder for the kubeconfig output another stack would provide: under the configured
 * `stackReference.output`, or the documented default {@link DEFAULT_STACK_REFERENCE_OUTPUT}.
 */
export function stackReferencePlaceholders(cluster: string | undefined): Record<string, string> {
  let output: unknown;
  try {
    output = (JSON.parse(cluster ?? "{}") as { stackReference?: { output?: unknown } } | null)?.stackReference
      ?.output;
  } catch {
    output = undefined;
  }
  const name = typeof output === "string" ? output : DEFAULT_STACK_REFERENCE_OUTPUT;
  return { [name]: "[kubeconfig from the referenced stack]" };
}

/** Problems carried by a config error, one per line; undefined for any other error. */
export function configProblems(err: unknown): string[] | undefined {
  const problems = (err as { problems?: unknown } | null)?.problems;
  return Array.isArray(problems) ? problems.map(String) : undefined;
}

/** Where the command writes: stdout carries only a complete rendering, stderr the rest. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/**
 * An error's message without the SDK's nesting (`error serializing property "x": ...` repeated
 * for every level of the resource's inputs): the first line of the innermost cause.
 */
export function cleanMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .replace(/(error serializing property "[^"]*": )+/g, "")
    .split("\n")[0]
    .trim();
}

/**
 * The whole command: parse, render, print. Exit codes: 0 rendered, 1 invalid config or failed
 * run, 2 bad usage or stack file. Nothing reaches stdout unless the run succeeded completely:
 * an error raised inside the program after its last statement (an unhandled rejection) still
 * fails the run, and no stack trace is printed.
 */
export async function cli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: RenderArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    io.stderr(`${(err as Error).message}\n`);
    return 2;
  }
  const late: unknown[] = [];
  const onRejection = (reason: unknown) => void late.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const rendered = await render(args, (line) => io.stderr(`${line}\n`));
    // Let rejections from the program's last applies surface before anything is printed.
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (late.length > 0) throw late[0];
    io.stdout(rendered);
    return 0;
  } catch (err) {
    const problems = configProblems(err);
    if (problems) {
      io.stderr(
        `argo-sso: the ${args.stack} stack's config has ${problems.length} problem(s):\n` +
          problems.map((p) => `  ${p}\n`).join(""),
      );
      return 1;
    }
    if (err instanceof StackFileError) {
      io.stderr(`${err.message}\n`);
      return 2;
    }
    io.stderr(`render failed: ${cleanMessage(err)}\n`);
    return 1;
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

if (require.main === module) {
  // exitCode, not exit(): exit() would cut off stdout still being written to a pipe.
  void cli(process.argv.slice(2), {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
  }).then((code) => {
    process.exitCode = code;
  });
}
