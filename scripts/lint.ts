import path from "node:path";

import { ROOT_DIR } from "./lib/repo-paths";
import { runCommand } from "./lib/run-command";

// `pnpm lint`: Prettier's check, knip, then ESLint (type-aware). Every check runs even when an earlier one fails, so
// one run shows every problem; the exit code is 1 when any failed. Prettier and ESLint cache under node_modules/.cache;
// ESLint's cache is keyed on each file's own content, so a finding caused only by a change in another file shows on a
// run without the cache (CI's fresh clone).
const bin = (name: string) => path.join(ROOT_DIR, "node_modules", ".bin", name);
const checks: Array<[string, string, string[]]> = [
  ["prettier", bin("prettier"), ["--check", "--cache", "--log-level=warn", "."]],
  ["knip", bin("knip"), []],
  ["eslint", bin("eslint"), ["--cache", "--cache-location", "node_modules/.cache/eslint/", "--max-warnings=0", "."]],
];

const failed: string[] = [];
for (const [name, command, args] of checks) {
  const started = Date.now();
  const code = await runCommand(command, args, { cwd: ROOT_DIR, timeoutMs: 15 * 60_000 });
  if (code !== 0) failed.push(name);
  console.log(`[lint] ${name} ${code === 0 ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed.length > 0 ? 1 : 0);
