import { spawn } from "node:child_process";

import { ROOT_DIR } from "./report";

/**
 * A `node --import tsx <script>` child in its own process group; its output is kept (and echoed with `echo`).
 * `nodeArgs` go before the script (e.g. `--cpu-prof`), `args` after it.
 */
export function startChild(script: string, env: Record<string, string>, options: { echo?: string; nodeArgs?: string[]; args?: string[] } = {}) {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", script, ...(options.args ?? [])], {
    cwd: ROOT_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`${script} did not start`);
  const pid = child.pid;
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        if (options.echo && !/media-ingest|kie-sync|bulk-item/.test(line)) console.log(`[${options.echo}] ${line}`);
        for (const waiter of [...waiters]) {
          if (!waiter.pattern.test(line)) continue;
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
  }
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => ((exited = true), resolve(code))));
  return {
    pid,
    lines,
    /** Resolves with the exit code when the child ends on its own (or after `stop`). */
    exit,
    waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${script}: no line matching ${pattern} in ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`)),
          timeoutMs,
        );
        waiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exit.then(() => (clearTimeout(timer), reject(new Error(`${script} exited:\n${lines.slice(-20).join("\n")}`))));
      });
    },
    /** SIGTERM, then SIGKILL of the group after `graceMs`. */
    async stop(graceMs = 15_000) {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // gone
        }
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

export type Child = ReturnType<typeof startChild>;
