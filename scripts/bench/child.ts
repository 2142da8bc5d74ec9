import path from "node:path";

import { spawnGroup } from "../lib/spawn-group";
import { ROOT_DIR } from "./report";

/**
 * A `node --import tsx <script>` child in its own process group (the shared spawner); all its output is kept (and
 * echoed with `echo`, without the per-job lines). `nodeArgs` go before the script (e.g. `--cpu-prof`), `args` after it.
 */
export function startChild(script: string, env: Record<string, string>, options: { echo?: string; nodeArgs?: string[]; args?: string[] } = {}) {
  const { echo } = options;
  const child = spawnGroup({
    name: echo ?? path.basename(script),
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), "--import", "tsx", script, ...(options.args ?? [])],
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    keepLines: Number.POSITIVE_INFINITY,
    onLine: (line) => {
      if (echo && !/media-ingest|kie-sync|bulk-item/.test(line)) console.log(line);
    },
  });
  return {
    pid: child.pid,
    lines: child.lines,
    /** Resolves with the exit code when the child ends on its own (or after `stop`). */
    exit: child.exited.then(({ code }) => code),
    waitForLine: (pattern: RegExp, timeoutMs?: number) => child.waitForLine(pattern, timeoutMs),
    /** SIGTERM to the script (it shuts its own children down), then SIGKILL of the group after `graceMs`. */
    stop: (graceMs = 15_000) => child.stop(graceMs, "leader"),
  };
}

export type Child = ReturnType<typeof startChild>;
