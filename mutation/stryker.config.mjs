// StrykerJS configuration for argo-sso (run it with `npm run mutation`; docs/testing.md explains it).
// Stryker is started from the repository root (see mutation/package.json), so every path here is
// relative to the root. TypeScript is loaded the way .mocharc.json says (Stryker's mocha runner reads
// that file), so this file does not repeat how tests load TypeScript.
//
// Environment overrides, all optional:
//   STRYKER_MUTATE           comma-separated globs to mutate instead of the default set
//   STRYKER_INCREMENTAL_FILE where the incremental results live (default below, git-ignored)
//   STRYKER_CONCURRENCY      test-runner processes (default 1: the machine is shared)
//   STRYKER_SPEC             comma-separated test globs instead of .mocharc.json's spec (a faster,
//                            narrower run: mutants only those tests cover count as "no coverage")
//   STRYKER_IGNORE_STATIC    "true" to skip static mutants (module-level constants; each needs a
//                            full reload and runs every test) and report them as ignored
//   STRYKER_CHECKERS         "none" to skip the TypeScript checker (faster; a mutant that does not
//                            compile then counts as killed by the tests or as a runtime error)
//   STRYKER_REPORT_DIR       where the HTML and JSON reports go (default reports/mutation), e.g. one
//                            directory per file when measuring file by file
//   STRYKER_TEMP_DIR         the sandbox directory (default .stryker-tmp); give two runs in one work
//                            tree different ones
//   STRYKER_BREAK            a score (0-100): the run exits non-zero when the score is under it
//                            (.github/workflows/mutation.yml sets 85 on pull requests)
const mutate = process.env.STRYKER_MUTATE
  ? process.env.STRYKER_MUTATE.split(",").map((glob) => glob.trim())
  : ["components/**/*.ts", "stacks/**/*.ts", "policy/**/*.ts", "!policy/index.ts"];

const reportDir = process.env.STRYKER_REPORT_DIR ?? "reports/mutation";

const spec = process.env.STRYKER_SPEC
  ? process.env.STRYKER_SPEC.split(",").map((glob) => glob.trim())
  : undefined;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "mocha",
  checkers: process.env.STRYKER_CHECKERS === "none" ? [] : ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate,
  coverageAnalysis: "perTest",
  ignoreStatic: process.env.STRYKER_IGNORE_STATIC === "true",
  ...(spec ? { mochaOptions: { spec } } : {}),
  // The whole suite runs once with coverage first; on a busy 2-core machine that takes minutes.
  dryRunTimeoutMinutes: 90,
  concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 1),
  incremental: true,
  incrementalFile: process.env.STRYKER_INCREMENTAL_FILE ?? `${reportDir}/stryker-incremental.json`,
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: `${reportDir}/mutation.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  tempDirName: process.env.STRYKER_TEMP_DIR ?? ".stryker-tmp",
  cleanTempDir: "always",
  ignorePatterns: ["bin", "coverage", "reports", ".bench", "mutation", ".stryker-tmp*"],
  disableTypeChecks: "{components,stacks,policy,test,scripts}/**/*.ts",
  thresholds: {
    high: 90,
    low: 85,
    break: process.env.STRYKER_BREAK ? Number(process.env.STRYKER_BREAK) : null,
  },
  // Added to a mutant's expected test time before it counts as a timeout (Stryker's default is 5 s;
  // 60 s suits a loaded machine, 10 s a quiet one, where looping mutants then cost less).
  timeoutMS: Number(process.env.STRYKER_TIMEOUT_MS ?? 60000),
};
