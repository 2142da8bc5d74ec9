import { rmSync } from "node:fs";
import path from "node:path";

import { projectTimeLines } from "./lib/project-times";
import { PROJECT_TIMES_FILE_VAR } from "./lib/project-times-reporter";
import { ROOT_DIR } from "./lib/repo-paths";
import { runCommand } from "./lib/run-command";
import { readTestSummary, summaryLine, type TestSummary } from "./lib/test-summary";

// `pnpm test`: lint (`pnpm lint`), typecheck every package, then every vitest project (unit and integration first,
// the browser tests after them: two cores do not run both well at once), each run's time per vitest project, then one
// closing line `N passed, N failed[, N skipped]`.
// Extra arguments go to a single vitest run instead (e.g. `pnpm test --project e2e`) and skip lint and typecheck;
// `--skip-typecheck` (or LENSROOM_TEST_TYPECHECK=0) skips both too.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const vitestArgs = args.filter((arg) => arg !== "--skip-typecheck");
const skipTypecheck = args.length > 0 || process.env.LENSROOM_TEST_TYPECHECK === "0";
const bin = (name: string) => path.join(ROOT_DIR, "node_modules", ".bin", name);
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" };
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

let extraFailures = 0;
let exitFailure = false;

if (!skipTypecheck) {
  const t = Date.now();
  const code = await runCommand(bin("tsx"), ["scripts/lint.ts"], { cwd: ROOT_DIR, env, timeoutMs: 20 * 60_000 });
  if (code !== 0) extraFailures += 1;
  console.log(`\n[test] lint ${code === 0 ? "passed" : "FAILED (counted as one failure)"} in ${seconds(t)}\n`);
}

if (!skipTypecheck) {
  const t = Date.now();
  const code = await runCommand(bin("turbo"), ["run", "typecheck", "--output-logs=errors-only", "--concurrency=2"], {
    cwd: ROOT_DIR,
    env,
    timeoutMs: 20 * 60_000,
  });
  if (code !== 0) extraFailures += 1;
  console.log(`\n[test] typecheck ${code === 0 ? "passed" : "FAILED (counted as one failure)"} in ${seconds(t)}\n`);
}

/** One vitest run; its JSON results are read back for the closing line. */
async function vitestPhase(name: string, extra: string[]): Promise<TestSummary> {
  const resultsFile = path.join(ROOT_DIR, "artifacts", `test-results-${name}.json`);
  const timesFile = path.join(ROOT_DIR, "artifacts", `test-project-times-${name}.json`);
  for (const file of [resultsFile, timesFile]) rmSync(file, { force: true });
  const t = Date.now();
  const code = await runCommand(
    bin("vitest"),
    [
      "run",
      "--reporter=default",
      "--reporter=json",
      "--reporter=./scripts/lib/project-times-reporter.ts",
      `--outputFile.json=${path.relative(ROOT_DIR, resultsFile)}`,
      ...extra,
    ],
    { cwd: ROOT_DIR, env: { ...env, [PROJECT_TIMES_FILE_VAR]: timesFile }, timeoutMs: 40 * 60_000 },
  );
  if (code !== 0) exitFailure = true;
  const summary = readTestSummary(resultsFile);
  console.log(`\n[test] ${name}: ${summary ? summaryLine(summary) : "no results"} (vitest exit ${code}) in ${seconds(t)}`);
  for (const file of summary?.brokenFiles ?? []) console.log(`[test] ${name}: failed outside any test: ${path.relative(ROOT_DIR, file)}`);
  if (!summary) {
    console.log(`[test] ${name}: vitest wrote no results; counting the run as one failure`);
    return { passed: 0, failed: 1, skipped: 0, brokenFiles: [] };
  }
  for (const line of projectTimeLines(timesFile)) console.log(`[test] ${name}: ${line}`);
  return summary;
}

const phases: Array<[string, string[]]> =
  vitestArgs.length > 0
    ? [["selected", vitestArgs]]
    : [
        ["unit-integration", ["--project=!e2e"]],
        ["e2e", ["--project=e2e"]],
      ];
const totals = { passed: 0, failed: extraFailures, skipped: 0 };
for (const [name, extra] of phases) {
  const summary = await vitestPhase(name, extra);
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
}
if (exitFailure && totals.failed === 0) {
  console.log("[test] vitest exited non-zero without a failing test (see above): counted as one failure");
  totals.failed += 1;
}
console.log(`\n${summaryLine(totals)}`);
// Lint's, the typecheck's and vitest's exit codes decide; the JSON results give the counts.
process.exit(extraFailures > 0 || exitFailure ? 1 : 0);
