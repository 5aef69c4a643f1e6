/**
 * What the GitHub workflows ask of the delivery config, answered from the same stack file that
 * `pulumi -C stacks/deployments up` reads (`Pulumi.settings.yaml`), so the two paths cannot both
 * be on. Prints `key=value` lines for `$GITHUB_OUTPUT`; a bad config or a missing credential
 * path prints every problem on stderr and exits 1.
 *
 *   node --require ./scripts/lib/ts-register.js stacks/deployments/gate.ts previews
 *       previews=deployments|actions                       (.github/workflows/preview.yml)
 *   ... gate.ts credentials <stack>
 *       environment=argo-sso/<stack>                       (preview.yml, before `pulumi preview`)
 *   ... gate.ts approval-stacks
 *       project=argo-sso  stacks=["prod"]                  (.github/workflows/deploy.yml)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../scripts/lib/stack-file";
import { loadDeploymentsConfig, type DeploymentsConfig } from "./config";
import { credentialProblems } from "./credentials";
import { escEnvironment } from "./oidc";

const DIR = __dirname;
const ROOT = path.resolve(DIR, "..", "..");

function fail(lines: readonly string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

function load(): DeploymentsConfig {
  const loaded = loadDeploymentsConfig(readStackFile("settings", DIR).config);
  if (!loaded.config) fail(["stacks/deployments/Pulumi.settings.yaml is invalid:", ...loaded.problems]);
  return loaded.config;
}

/** The output lines of one command. */
export function gate(args: readonly string[], config: DeploymentsConfig, root: string): string[] {
  const [command, stack] = args;
  if (command === "previews") return [`previews=${config.previews}`];
  if (command === "approval-stacks") {
    const stacks = Object.values(config.stacks)
      .filter((s) => s.approval === "github-environment")
      .map((s) => s.stack);
    return [`project=${config.project}`, `stacks=${JSON.stringify(stacks)}`];
  }
  if (command === "credentials" && stack !== undefined && /^[\w.-]+$/.test(stack)) {
    const environment = escEnvironment(config, stack);
    const read = (name: string) => {
      const file = path.join(root, name);
      if (!fs.existsSync(file))
        fail([`the ${stack} stack has no AWS credential path: ${name} does not exist`]);
      return { name, text: fs.readFileSync(file, "utf8") };
    };
    const problems = credentialProblems(
      read(`Pulumi.${stack}.yaml`),
      read(`stacks/deployments/esc/${stack}.yaml`),
      environment,
    );
    if (problems.length > 0) fail([`the ${stack} stack has no AWS credential path:`, ...problems]);
    return [`environment=${environment}`];
  }
  fail(["usage: gate.ts previews | approval-stacks | credentials <stack>"]);
}

if (require.main === module) {
  for (const line of gate(process.argv.slice(2), load(), ROOT)) process.stdout.write(`${line}\n`);
}
