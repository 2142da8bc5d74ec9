import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { freePorts } from "../../e2e/lib/free-ports";

/**
 * Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium), headless, with a DevTools port for Lighthouse, a fresh
 * profile and no background networking. `close()` ends it (its own process, by pid) and removes the profile.
 */
export async function launchChromium() {
  const [port = 0] = await freePorts(1);
  const profile = await mkdtemp(path.join(os.tmpdir(), "lensroom-lighthouse-chromium-"));
  const child = spawn(
    process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    [
      "--headless=new",
      `--remote-debugging-port=${port}`,
      "--remote-debugging-address=127.0.0.1",
      `--user-data-dir=${profile}`,
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-default-apps",
      "--no-first-run",
      "--no-default-browser-check",
      "about:blank",
    ],
    { stdio: "ignore" },
  );
  let version: string;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const info = (await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.json())) as { Browser?: string };
      version = info.Browser ?? "";
      break;
    } catch {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`chromium did not open its DevTools port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  return {
    port,
    version,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      await rm(profile, { recursive: true, force: true });
    },
  };
}
