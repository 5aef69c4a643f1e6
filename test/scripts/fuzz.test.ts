/**
 * Hostile input, end to end (issue 14): a seeded, bounded fuzz over whole stack files. Each case
 * starts from Pulumi.dev.yaml or Pulumi.prod.yaml and applies a few mutations (type swaps,
 * deletions, hostile strings, hostile keys, encrypted values); the real render command must
 * either exit 0 with one complete JSON document on stdout, or exit 1/2 with nothing on stdout
 * and every problem naming its key, and never print a stack trace.
 *
 * The seed is printed; rerun one with `FUZZ_SEED=<seed> npx mocha test/scripts/fuzz.test.ts`.
 * `FUZZ_RUNS` changes the count (default 24: bounded, since every valid case is a full render).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect } from "chai";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const SEED = Number(process.env.FUZZ_SEED ?? 14014);
const RUNS = Number(process.env.FUZZ_RUNS ?? 24);

/** mulberry32: a small seeded PRNG, so a seed always gives the same cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTILE_STRINGS = [
  "applications, delete, prod/*\n#, deny",
  'a"b',
  "g, evil, role:admin",
  "x\u0000y",
  "admin\u202e",
  "\u2028",
  "https://host/.",
  "https://HOST.example.com:443",
  "https://a..b",
  "https://*.example.com",
  "https://bücher.example",
  "http://insecure.example.com",
  "kube-system",
  "000000000000",
  "0s",
  "100000h",
  "__proto__",
  "toString",
  "",
  " ",
  "x".repeat(5000),
  "role:admin",
  "${user:groups}",
  "{{ .Values.x }}",
];
const SWAPS: unknown[] = [
  null,
  0,
  -1,
  1.5,
  true,
  "",
  "text",
  [],
  {},
  ["a"],
  { a: 1 },
  { secure: "v1:ZmFrZQ==" },
];
const HOSTILE_KEYS = ["__proto__", "constructor", "toString", "valueOf", "a.b", "x\u202ey", "UPPER", ""];

type Node = Record<string, unknown> | unknown[];

/** Every path to a value below `argo-sso:*` and `aws:region` keys. */
function paths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === "object")
    for (const k of Object.keys(value)) out.push(...paths((value as Record<string, unknown>)[k], [...at, k]));
  return out;
}

function parentOf(root: Node, p: (string | number)[]): { parent: Node; key: string | number } {
  let node = root as Record<string | number, unknown>;
  for (const seg of p.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  return { parent: node as Node, key: p[p.length - 1] };
}

function setOwn(obj: Node, key: string | number, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One mutated stack file's `config:` map. */
function mutate(
  config: Record<string, unknown>,
  rand: () => number,
): { config: Record<string, unknown>; notes: string[] } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const notes: string[] = [];
  const count = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < count; i++) {
    const all = paths(config).filter((p) => String(p[0]).startsWith("argo-sso:") || p[0] === "aws:region");
    const target = pick(all);
    const { parent, key } = parentOf(config, target);
    const kind = pick(["swap", "delete", "string", "key", "string"] as const);
    if (kind === "swap") setOwn(parent, key, structuredClone(pick(SWAPS)));
    else if (kind === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
    } else if (kind === "string") setOwn(parent, key, pick(HOSTILE_STRINGS));
    else {
      const value = (parent as Record<string | number, unknown>)[key];
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        setOwn(value as Node, pick(HOSTILE_KEYS), pick([...SWAPS, ...HOSTILE_STRINGS]));
      } else setOwn(parent, key, pick(HOSTILE_STRINGS));
    }
    notes.push(`${kind} ${target.map(String).join(".")}`);
  }
  return { config, notes };
}

describe("fuzz: generated hostile stack files through the render command", function () {
  this.timeout(30 * 60 * 1000);

  it(`exits 0 with a complete rendering, or 1/2 with key-named problems, never a stack trace (seed ${SEED}, ${RUNS} files)`, () => {
    console.log(`      fuzz seed ${SEED}, ${RUNS} stack files (FUZZ_SEED / FUZZ_RUNS to change)`);
    const rand = prng(SEED);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "argo-sso-fuzz-"));
    const cases: { file: string; notes: string[] }[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        const source = rand() < 0.5 ? "dev" : "prod";
        const doc = YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${source}.yaml`), "utf8")) as {
          config: Record<string, unknown>;
        };
        const { config, notes } = mutate(doc.config, rand);
        const file = path.join(dir, `Pulumi.fuzz${i}.yaml`);
        fs.writeFileSync(file, YAML.stringify({ config }, { lineWidth: 0 }));
        cases.push({ file, notes: [`from ${source}`, ...notes] });
      }
      const child = spawnSync(
        process.execPath,
        [
          "--require",
          "./scripts/lib/ts-register.js",
          path.join(__dirname, "fuzz-child.ts"),
          ...cases.map((c) => c.file),
        ],
        {
          cwd: ROOT,
          encoding: "utf8",
          maxBuffer: 512 * 2 ** 20,
        },
      );
      expect(child.status, child.stderr).to.equal(0);
      const results = JSON.parse(child.stdout) as {
        file: string;
        code: number;
        stdout: string;
        stderr: string;
      }[];
      expect(results).to.have.length(RUNS);
      const codes = [0, 0, 0];
      results.forEach((r, i) => {
        const label = `seed ${SEED} case ${i} (${cases[i].notes.join("; ")}):\n${r.stderr}`;
        expect([0, 1, 2], label).to.include(r.code);
        codes[r.code]++;
        expect(r.stderr, label).not.to.match(/^\s+at .+\(.*:\d+:\d+\)$/m);
        expect(r.stderr, label).not.to.match(/render failed|internal error|Maximum call stack/);
        if (r.code === 0) {
          const rendered = JSON.parse(r.stdout) as Record<string, unknown>;
          expect(Object.keys(rendered), label).to.include.members([
            "project",
            "stack",
            "resources",
            "outputs",
          ]);
        } else {
          expect(r.stdout, label).to.equal("");
          const problems = r.stderr.split("\n").filter((l) => l.startsWith("  "));
          if (r.code === 1) {
            expect(problems.length, label).to.be.greaterThan(0);
            for (const line of problems) expect(line, label).to.match(/^ {2}(argo-sso|aws):[^\s:]*: \S/);
          } else {
            expect(r.stderr, label).to.match(/^Pulumi\.fuzz\d+\.yaml/);
          }
        }
      });
      console.log(
        `      exit codes: ${codes[0]} rendered, ${codes[1]} invalid config, ${codes[2]} bad stack file`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
