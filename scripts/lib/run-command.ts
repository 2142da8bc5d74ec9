import { spawnGroup, type GroupProcess } from "./spawn-group";

/**
 * Run a command with inherited stdio in its own process group; stop the group after `timeoutMs` (SIGTERM, SIGKILL
 * 10 s later). Ctrl-C and SIGTERM sent to this process go to the whole group, so nothing it started outlives it.
 * Resolves with the exit code (128 for a signal, 127 when the command could not start).
 */
export async function runCommand(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<number> {
  const started = startGroup(command, args, options);
  if (started instanceof Error) {
    process.stderr.write(`${command}: ${started.message}\n`);
    return 127;
  }
  const timer = setTimeout(() => {
    process.stderr.write(`\n${command} ${args.join(" ")}: timed out after ${options.timeoutMs / 1000} s\n`);
    void started.stop(10_000);
  }, options.timeoutMs);
  const forward = (signal: NodeJS.Signals) => () => started.signal(signal, "group");
  const onInt = forward("SIGINT");
  const onTerm = forward("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  const { code, signal, error } = await started.exited;
  clearTimeout(timer);
  process.off("SIGINT", onInt);
  process.off("SIGTERM", onTerm);
  if (error) {
    process.stderr.write(`${command}: ${error.message}\n`);
    return 127;
  }
  return code ?? (signal ? 128 : 1);
}

function startGroup(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): GroupProcess | Error {
  try {
    return spawnGroup({ name: command, command, args, cwd: options.cwd, env: options.env ?? process.env, stdio: "inherit" });
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
