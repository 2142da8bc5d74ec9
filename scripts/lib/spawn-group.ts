import { spawn } from "node:child_process";

export interface GroupProcess {
  readonly pid: number;
  readonly name: string;
  /** Resolves with the exit code (or signal) once the leader exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines of output, for error messages. */
  tail(): string[];
  /** SIGTERM the whole process group, SIGKILL it after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnGroupOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Receives each output line (already prefixed with `[name]`). Defaults to stdout. */
  onLine?: (line: string) => void;
}

const groupAlive = (pid: number) => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** If this process exits without stopping its children (crash, forced exit), take their groups down with it. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of liveGroups) killGroupNow(pid);
  });
}

/** Spawn a child as the leader of its own process group, prefixing its output lines with `[name]`. */
export function spawnGroup(options: SpawnGroupOptions): GroupProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`Could not start ${options.name} (${options.command})`);
  const pid = child.pid;
  installExitHook();
  liveGroups.add(pid);
  const onLine = options.onLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lines: string[] = [];
  const pipe = (stream: NodeJS.ReadableStream) => {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const part of parts) {
        const line = part.trimEnd();
        lines.push(line);
        if (lines.length > 40) lines.shift();
        onLine(`[${options.name}] ${line}`);
      }
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => {
      if (!groupAlive(pid)) liveGroups.delete(pid);
      resolve({ code, signal });
    });
    child.once("error", () => resolve({ code: -1, signal: null }));
  });

  return {
    pid,
    name: options.name,
    exited,
    tail: () => [...lines],
    async stop(graceMs = 8_000) {
      if (!groupAlive(pid)) {
        liveGroups.delete(pid);
        return;
      }
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        return;
      }
      const deadline = Date.now() + graceMs;
      while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive(pid)) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      liveGroups.delete(pid);
    },
  };
}

/** Kill a process group synchronously (for `process.on("exit")` and forced exits). */
function killGroupNow(pid: number) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}
