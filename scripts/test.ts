import { rmSync } from "node:fs";
import path from "node:path";

import { ROOT_DIR } from "./lib/repo-paths";
import { runCommand } from "./lib/run-command";
import { readTestSummary, summaryLine } from "./lib/test-summary";

// `pnpm test`: typecheck every package, then every vitest project (unit, integration, e2e), then one closing line
// `N passed, N failed[, N skipped]`. Extra arguments go to vitest (e.g. `pnpm test --project e2e`); with any,
// the typecheck is skipped. `--skip-typecheck` skips it too.
const args = process.argv.slice(2).filter((arg) => arg !== "--");
const skipTypecheck = args.includes("--skip-typecheck") || args.length > 0 || process.env.LENSROOM_TEST_TYPECHECK === "0";
const vitestArgs = args.filter((arg) => arg !== "--skip-typecheck");
const bin = (name: string) => path.join(ROOT_DIR, "node_modules", ".bin", name);
const resultsFile = path.join(ROOT_DIR, "artifacts", "test-results.json");
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", NEXT_TELEMETRY_DISABLED: "1" };

let typecheckFailed = false;
if (!skipTypecheck) {
  const t = Date.now();
  const code = await runCommand(bin("turbo"), ["run", "typecheck", "--output-logs=errors-only"], { cwd: ROOT_DIR, env, timeoutMs: 15 * 60_000 });
  typecheckFailed = code !== 0;
  console.log(`\n[test] typecheck ${typecheckFailed ? "FAILED" : "passed"} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
}

rmSync(resultsFile, { force: true });
const vitestCode = await runCommand(
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.relative(ROOT_DIR, resultsFile)}`, ...vitestArgs],
  { cwd: ROOT_DIR, env, timeoutMs: 75 * 60_000 },
);

const summary = readTestSummary(resultsFile);
const counts = summary ?? { passed: 0, failed: 1, skipped: 0, brokenFiles: [] };
if (!summary) console.log(`[test] vitest wrote no results (exit ${vitestCode}); counting the run as one failure`);
for (const file of counts.brokenFiles) console.log(`[test] failed outside any test: ${path.relative(ROOT_DIR, file)}`);
if (typecheckFailed) console.log("[test] typecheck failed: counted as one failure");
const failed = counts.failed + (typecheckFailed ? 1 : 0) + (summary && vitestCode !== 0 && counts.failed === 0 ? 1 : 0);
console.log(`\n${summaryLine({ ...counts, failed })}`);
process.exit(failed > 0 || vitestCode !== 0 ? 1 : 0);
