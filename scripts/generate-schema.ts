/**
 * Writes the JSON Schema of a stack file (schema/stack-file.schema.json) from the stack-config
 * schema, for editors (README, "A new stack file"):
 *
 *   npm run schema            # regenerate after changing stacks/schema*.ts
 *   npm run schema -- --check # exit 1 when the committed file is stale
 *
 * The same comparison runs in the tests (test/scripts/stack-file-schema.test.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { STACK_CONFIG_KEYS, stackConfigSchema } from "../stacks/schema";
import { SCHEMA_PATH, buildStackFileSchema, schemaText } from "./lib/stack-file-schema";

async function main(): Promise<number> {
  const root = path.resolve(__dirname, "..");
  const file = path.join(root, SCHEMA_PATH);
  const text = await schemaText(buildStackFileSchema(stackConfigSchema, STACK_CONFIG_KEYS), root);
  const committed = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
  if (process.argv.includes("--check")) {
    if (committed === text) return 0;
    process.stderr.write(`${SCHEMA_PATH} is stale: run npm run schema and commit it\n`);
    return 1;
  }
  if (committed !== text) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  process.stdout.write(`${SCHEMA_PATH}: ${committed === text ? "unchanged" : "written"}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
