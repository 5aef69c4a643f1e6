/**
 * Who can do what, where: the access report of a stack, offline, from the same desired state the
 * render produces (the real program under Pulumi's mock runtime). No Pulumi CLI, no credentials.
 *
 *   npm run access -- --stack dev [--format text|markdown|json] [--group <key> | --user <name>]
 *   npm run access -- --stack-file path/to/Pulumi.staging.yaml
 *   npm run access -- --stack dev --diff path/to/baseline/Pulumi.dev.yaml   (what dev grants or removes)
 *
 * stdout carries only the report; problems go to stderr. Exit codes: 0 reported, 1 a stack's
 * config is invalid (every problem listed), 2 bad usage, unknown group or user, unreadable file.
 */
import * as path from "node:path";
import { StackFileError } from "./lib/stack-file";
import { configProblems, runStack } from "./render";
import { buildAccessReport, type AccessReport } from "./lib/access/model";
import {
  ACCESS_FORMATS,
  diffReports,
  formatDiff,
  formatReport,
  narrow,
  type AccessFormat,
} from "./lib/access/format";

export interface AccessArgs {
  readonly stack: string;
  /** Directory of `Pulumi.<stack>.yaml`. @default the repository root */
  readonly dir?: string;
  readonly format: AccessFormat;
  readonly group?: string;
  readonly user?: string;
  /** A baseline stack file: the report shows what `stack` grants or removes compared with it. */
  readonly diff?: { readonly stack: string; readonly dir: string };
}

export class UsageError extends Error {}

const USAGE =
  "usage: npm run access -- (--stack <name> | --stack-file <dir>/Pulumi.<name>.yaml)\n" +
  "         [--format text|markdown|json] [--group <key> | --user <name>] [--diff <dir>/Pulumi.<name>.yaml]";

const STACK_FILE = /^(?:(.*)[\\/])?Pulumi\.([\w.-]+)\.yaml$/;

function stackFile(value: string, flag: string): { stack: string; dir: string } {
  const file = STACK_FILE.exec(value);
  if (!file)
    throw new UsageError(
      `${flag} must name a Pulumi.<stack>.yaml file, got ${JSON.stringify(value)}\n${USAGE}`,
    );
  return { stack: file[2], dir: path.resolve(file[1] ?? ".") };
}

export function parseAccessArgs(argv: readonly string[]): AccessArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") throw new UsageError(USAGE);
    const match = /^--(stack|stack-file|format|group|user|diff)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unknown argument ${JSON.stringify(arg)}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === "") throw new UsageError(`--${match[1]} needs a value\n${USAGE}`);
    if (values.has(match[1])) throw new UsageError(`--${match[1]} is given twice\n${USAGE}`);
    values.set(match[1], value);
  }
  if (values.has("stack") && values.has("stack-file"))
    throw new UsageError(`give --stack or --stack-file, not both\n${USAGE}`);
  if (values.has("group") && values.has("user"))
    throw new UsageError(`give --group or --user, not both\n${USAGE}`);
  const file = values.has("stack-file")
    ? stackFile(values.get("stack-file") as string, "--stack-file")
    : undefined;
  const stack = file?.stack ?? values.get("stack");
  if (!stack) throw new UsageError(`--stack or --stack-file is required\n${USAGE}`);
  const format = (values.get("format") ?? "text") as AccessFormat;
  if (!ACCESS_FORMATS.includes(format)) {
    throw new UsageError(
      `--format must be one of ${ACCESS_FORMATS.join(", ")}, got ${JSON.stringify(values.get("format"))}`,
    );
  }
  return {
    stack,
    format,
    ...(file ? { dir: file.dir } : {}),
    ...(values.has("group") ? { group: values.get("group") } : {}),
    ...(values.has("user") ? { user: values.get("user") } : {}),
    ...(values.has("diff") ? { diff: stackFile(values.get("diff") as string, "--diff") } : {}),
  };
}

/** A stack's config problems, labelled with the file they come from. */
export class StackProblems extends Error {
  constructor(
    readonly label: string,
    readonly problems: readonly string[],
  ) {
    super(`${label}'s config has ${problems.length} problem(s)`);
  }
}

/** How a stack is run: {@link runStack} (scripts/render.ts); the tests pass one that remembers runs. */
export type StackRunner = (args: { stack: string; dir?: string }) => ReturnType<typeof runStack>;

async function reportOf(
  stack: string,
  dir: string | undefined,
  label: string,
  run: StackRunner,
): Promise<AccessReport> {
  try {
    const { run: programRun, config } = await run(dir === undefined ? { stack } : { stack, dir });
    let accounts: Record<string, string> = {};
    try {
      accounts = JSON.parse(config["argo-sso:accounts"] ?? "{}") as Record<string, string>;
    } catch {
      // Validated by the program already; a non-object here only loses friendly names.
    }
    return await buildAccessReport(programRun, accounts);
  } catch (err) {
    const problems = configProblems(err);
    if (problems) throw new StackProblems(label, problems);
    throw err;
  }
}

/** The report (or the diff) as the text to print. */
export async function access(args: AccessArgs, run: StackRunner = runStack): Promise<string> {
  const report = await reportOf(args.stack, args.dir, `the ${args.stack} stack`, run);
  const known = { group: report.groups.map((g) => g.key), user: report.users.map((u) => u.key) };
  for (const kind of ["group", "user"] as const) {
    const wanted = args[kind];
    if (wanted !== undefined && !known[kind].includes(wanted)) {
      throw new UsageError(
        `unknown ${kind} ${JSON.stringify(wanted)} in the ${args.stack} stack; known: ${known[kind].join(", ") || "none"}`,
      );
    }
  }
  const filter = { group: args.group, user: args.user };
  if (!args.diff) return formatReport(narrow(report, filter), args.format);
  const baseline = await reportOf(
    args.diff.stack,
    args.diff.dir,
    `the --diff stack file (${args.diff.stack})`,
    run,
  );
  return formatDiff(
    diffReports(narrow(baseline, filter), narrow(report, filter)),
    {
      before: path.join(path.relative(process.cwd(), args.diff.dir) || ".", `Pulumi.${args.diff.stack}.yaml`),
      after: args.stack,
    },
    args.format,
  );
}

/** A writable stream, as far as {@link main} needs one. */
interface Out {
  write(text: string): unknown;
}

/** The command: prints the report on `out`, problems on `err`, and returns the exit code. */
export async function main(
  argv: readonly string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
  run: StackRunner = runStack,
): Promise<number> {
  let args: AccessArgs;
  try {
    args = parseAccessArgs(argv);
  } catch (e) {
    err.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    out.write(await access(args, run));
    return 0;
  } catch (e) {
    if (e instanceof StackProblems) {
      err.write(`argo-sso: ${e.message}:\n${e.problems.map((p) => `  ${p}\n`).join("")}`);
      return 1;
    }
    if (e instanceof UsageError || e instanceof StackFileError) {
      err.write(`${e.message}\n`);
      return 2;
    }
    err.write(`access report failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // exitCode, not exit(): exit() would cut off stdout still being written to a pipe.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
