import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * The pid of a live `next dev` holding `<appDir>/.next/dev/lock`, if any. Next allows one dev server per app
 * folder, so while a developer's `pnpm dev` runs, the e2e system has to use `next build` + `next start` instead.
 */
export function runningNextDev(appDir: string): number | null {
  const lock = path.join(appDir, ".next", "dev", "lock");
  if (!existsSync(lock)) return null;
  try {
    const info: unknown = JSON.parse(readFileSync(lock, "utf8"));
    const pid = typeof info === "object" && info !== null && "pid" in info ? Number(info.pid) : NaN;
    if (!Number.isInteger(pid) || pid <= 0) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}
