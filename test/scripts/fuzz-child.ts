/**
 * Child process of test/scripts/fuzz.test.ts: renders every stack file named on the command line
 * with the real command (`cli` of scripts/render.ts, the same code `npm run render` runs) in one
 * process, and prints one JSON line: per file, the exit code, stdout and stderr.
 */
import { cli } from "../../scripts/render";

async function main(): Promise<void> {
  const results: { file: string; code: number; stdout: string; stderr: string }[] = [];
  for (const file of process.argv.slice(2)) {
    let stdout = "";
    let stderr = "";
    const code = await cli(["--stack-file", file], {
      stdout: (t) => void (stdout += t),
      stderr: (t) => void (stderr += t),
    });
    results.push({ file, code, stdout, stderr });
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

void main();
