import { spawn } from "node:child_process";

type Exit = { code: number | null; signal: NodeJS.Signals | null; error: Error | null };

/**
 * A child that leads its own process group: the tools it starts (pnpm, next, tsx, ffmpeg) sit in the same group, so
 * stopping the group stops them too instead of leaving orphans holding ports.
 */
export interface GroupProcess {
  readonly pid: number;
  readonly name: string;
  /** Resolves once the leader exits; `error` is set when it could not be started. */
  readonly exited: Promise<Exit>;
  /** The output lines kept so far (the last `keepLines`); empty with inherited stdio. */
  readonly lines: readonly string[];
  /** The last lines of output, for error messages. */
  tail(): string[];
  /** Resolves with the first line matching `pattern`; rejects after `timeoutMs` or when the leader exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Send `signal` to the leader only, or to the whole group. */
  signal(signal: NodeJS.Signals, target?: "leader" | "group"): void;
  /** Send SIGTERM (to the group, or to the leader alone to let it shut its children down), SIGKILL the group after `graceMs`. */
  stop(graceMs?: number, target?: "group" | "leader"): Promise<void>;
  /** SIGKILL the whole group now (cleanup; safe to call twice). */
  kill(): void;
}

export interface SpawnGroupOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** "pipe" (default) reads the output line by line; "inherit" lets the child write to this process's terminal. */
  stdio?: "pipe" | "inherit";
  /** Receives each output line (already prefixed with `[name]`). Defaults to stdout. */
  onLine?: (line: string) => void;
  /** How many output lines are kept for `lines`, `tail()` and `waitForLine` (default 40). */
  keepLines?: number;
}

const signalGroup = (pid: number, signal: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
};
const groupAlive = (pid: number) => signalGroup(pid, 0);

const liveGroups = new Set<number>();
let exitHookInstalled = false;

/** If this process exits without stopping its children (crash, forced exit), take their groups down with it. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of liveGroups) signalGroup(pid, "SIGKILL");
  });
}

/** Spawn a child as the leader of its own process group, prefixing its output lines with `[name]`. */
export function spawnGroup(options: SpawnGroupOptions): GroupProcess {
  const { name, keepLines = 40 } = options;
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: options.stdio === "inherit" ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) {
    // The reason arrives as an "error" event on the next tick; the throw below already reports the failure.
    child.once("error", () => undefined);
    throw new Error(`Could not start ${name} (${options.command})`);
  }
  const pid = child.pid;
  installExitHook();
  liveGroups.add(pid);
  const onLine = options.onLine ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (line: string) => void }>();
  const pipe = (stream: NodeJS.ReadableStream | null) => {
    let buffer = "";
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const part of parts) {
        const line = part.trimEnd();
        lines.push(line);
        if (lines.length > keepLines) lines.shift();
        onLine(`[${name}] ${line}`);
        for (const waiter of [...waiters]) {
          if (!waiter.pattern.test(line)) continue;
          waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    });
  };
  pipe(child.stdout);
  pipe(child.stderr);
  let gone = false;
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => {
      gone = true;
      if (!groupAlive(pid)) liveGroups.delete(pid);
      resolve({ code, signal, error: null });
    });
    child.once("error", (error) => {
      gone = true;
      resolve({ code: -1, signal: null, error });
    });
  });

  return {
    pid,
    name,
    exited,
    lines,
    tail: () => [...lines],
    waitForLine(pattern, timeoutMs = 60_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      const last = () => lines.slice(-20).join("\n");
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve: (line: string) => (clearTimeout(timer), resolve(line)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name}: no line matching ${pattern} within ${timeoutMs} ms; last lines:\n${last()}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then(() => {
          if (!waiters.delete(waiter)) return;
          clearTimeout(timer);
          reject(new Error(`${name} exited before printing ${pattern}; last lines:\n${last()}`));
        });
      });
    },
    signal(signal, target = "leader") {
      if (target === "group") signalGroup(pid, signal);
      else if (!gone) child.kill(signal);
    },
    async stop(graceMs = 8_000, target = "group") {
      const sent = target === "leader" ? !gone && child.kill("SIGTERM") : signalGroup(pid, "SIGTERM");
      if (sent) {
        const deadline = Date.now() + graceMs;
        while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      }
      signalGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    },
    kill() {
      signalGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    },
  };
}
