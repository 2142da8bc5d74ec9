import { spawn } from "node:child_process";

/** Run a command with inherited stdio in its own process group; kill the group after `timeoutMs`. Resolves with the exit code. */
export function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: "inherit", detached: true });
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // gone
      }
    };
    const timer = setTimeout(() => {
      process.stderr.write(`\n${command} ${args.join(" ")}: timed out after ${options.timeoutMs / 1000} s\n`);
      kill("SIGTERM");
      setTimeout(() => kill("SIGKILL"), 10_000).unref();
    }, options.timeoutMs);
    const forward = (signal: NodeJS.Signals) => () => kill(signal);
    const onInt = forward("SIGINT");
    const onTerm = forward("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(code ?? (signal ? 128 : 1));
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      process.stderr.write(`${command}: ${error.message}\n`);
      resolve(127);
    });
  });
}
