import { spawn } from "node:child_process";
import path from "node:path";

// `pnpm bench [section ...] [-- options]`: runs each benchmark section as its own process (default: all).
// Sections add themselves here; each prints its table and writes JSON under bench-results/.
const SECTIONS: Record<string, string> = {
  media: "scripts/bench-media.ts",
};

const ROOT_DIR = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2).filter((a) => a !== "--");
const named = args.filter((a) => a in SECTIONS);
const rest = args.filter((a) => !(a in SECTIONS));
const unknown = rest.filter((a) => !a.startsWith("-") && !/^\d+$/.test(a));
if (unknown.length > 0) {
  console.error(`Unknown bench section(s): ${unknown.join(", ")}. Known: ${Object.keys(SECTIONS).join(", ")}`);
  process.exit(2);
}

let failed = 0;
for (const section of named.length > 0 ? named : Object.keys(SECTIONS)) {
  console.log(`\n=== bench: ${section} ===`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT_DIR, SECTIONS[section] ?? ""), ...rest], { cwd: ROOT_DIR, stdio: "inherit" });
    child.once("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  if (code !== 0) {
    console.error(`bench ${section} failed (exit ${code})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
