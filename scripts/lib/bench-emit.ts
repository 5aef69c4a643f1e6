/**
 * Emits a TypeScript entry point and every relative module it requires as plain JavaScript into
 * a directory (same relative layout, `node_modules` linked), so that the benchmark's floor runs in
 * plain node: no TypeScript loader, no require hook. The JavaScript is what scripts/lib/ts-register.js
 * (the render's and the tests' loader) produces for the same files.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

interface Transpiler {
  transpile(source: string, filename: string): { code: string };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { transpile } = require("./ts-register.js") as Transpiler;

/** The relative modules a CommonJS file requires (`require("./x")`). */
export function relativeRequires(code: string): string[] {
  return [...code.matchAll(/\brequire\("(\.\.?\/[^"]+)"\)/g)].map((m) => m[1] as string);
}

/**
 * Writes `entry` (a .ts path relative to the repository root) and its relative imports under
 * `outDir`, and links `outDir/node_modules` to the repository's. Returns the emitted entry's path.
 */
export function emitPlainJs(entry: string, outDir: string): string {
  const seen = new Set<string>();
  const pending = [path.resolve(ROOT, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const { code } = transpile(fs.readFileSync(file, "utf8"), file);
    const target = path.join(outDir, path.relative(ROOT, file)).replace(/\.ts$/, ".js");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, code);
    for (const spec of relativeRequires(code)) {
      const base = path.resolve(path.dirname(file), spec);
      const candidates = [`${base}.ts`, path.join(base, "index.ts")];
      const found = candidates.find((c) => fs.existsSync(c));
      if (found !== undefined) pending.push(found);
    }
  }
  const link = path.join(outDir, "node_modules");
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, "node_modules"), link, "dir");
  return path.join(outDir, entry).replace(/\.ts$/, ".js");
}
