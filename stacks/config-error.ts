import * as pulumi from "@pulumi/pulumi";

/**
 * The stack's configuration is invalid. A `pulumi.RunError`, so `pulumi up` prints the message
 * without a stack trace and exits non-zero before any resource is declared; the offline render
 * prints {@link StackConfigError.problems} on stderr and exits 1.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly string[]) {
    super(
      `the stack's configuration has ${problems.length} problem(s); nothing was created:\n` +
        problems.map((p) => `  ${p}`).join("\n"),
    );
    this.name = "StackConfigError";
  }
}
