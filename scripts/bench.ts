import { spawn } from "node:child_process";
import path from "node:path";

// `pnpm bench [--only <section>[,<section>]] [section ...] [-- options]`: runs each benchmark section as its own
// process (default: issue 7's five, in this order; `media`, issue 4's in-process ingest figures, only when named).
// Each prints its table and writes JSON under bench-results/.
const SECTIONS: Record<string, string> = {
  listing: "scripts/bench-listing.ts",
  webhook: "scripts/bench-webhook.ts",
  media: "scripts/bench-media.ts",
  ingest: "scripts/bench-ingest.ts",
  repair: "scripts/bench-repair.ts",
  "page-weight": "scripts/bench-page-weight.ts",
  adopt: "scripts/bench-adopt.ts",
};

const ROOT_DIR = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2).filter((a) => a !== "--");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? (args.splice(onlyIndex, 2)[1] ?? "").split(",").filter(Boolean) : [];
// A bare word is a section unless it is the value of the option before it (`--rows 1000`, `--workers 1,2`).
const isValue = (i: number) => (args[i - 1]?.startsWith("--") ?? false) && !(args[i - 1] ?? "").includes("=");
const named = [...only, ...args.filter((a, i) => a in SECTIONS && !isValue(i))];
const rest = args.filter((a, i) => !(a in SECTIONS) || isValue(i));
const unknown = [...only.filter((a) => !(a in SECTIONS)), ...rest.filter((a, i) => !a.startsWith("-") && !isValue(args.indexOf(a, i)))];
if (unknown.length > 0 || (onlyIndex >= 0 && only.length === 0)) {
  console.error(`Unknown bench section(s): ${unknown.join(", ") || "(none given to --only)"}. Known: ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(2);
}

const started = performance.now();
const timings: Array<[string, number, number]> = [];
const DEFAULT_SECTIONS = Object.keys(SECTIONS).filter((section) => section !== "media");
for (const section of named.length > 0 ? named : DEFAULT_SECTIONS) {
  console.log(`\n=== bench: ${section} ===`);
  const sectionStarted = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT_DIR, SECTIONS[section] ?? ""), ...rest], { cwd: ROOT_DIR, stdio: "inherit" });
    child.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  timings.push([section, code, (performance.now() - sectionStarted) / 1000]);
  if (code !== 0) console.error(`bench ${section} failed (exit ${code})`);
}
console.log("\n| section | exit | seconds |\n|---|---|---|");
for (const [section, code, seconds] of timings) console.log(`| ${section} | ${code} | ${seconds.toFixed(0)} |`);
console.log(`\nbench total: ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(timings.some(([, code]) => code !== 0) ? 1 : 0);
