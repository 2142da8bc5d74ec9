import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { MediaError } from "./media-error";

const execFileAsync = promisify(execFile);

export interface RunProcessOptions {
  timeoutMs: number;
  /** Output beyond this (stdout or stderr) is a failure (`too_large`): the process is killed. */
  maxStdoutBytes?: number;
  /** Only the last this-many bytes of stderr go into error messages. */
  maxStderrBytes?: number;
}

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
}

/** What `execFile` attaches to its rejection: the exit code or errno code, the kill, and the output so far. */
interface ExecFileFailure extends Error {
  code?: number | string | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
  stderr?: Buffer | string;
}

/**
 * Runs a program to completion with `execFile`: its `timeout` and `maxBuffer` end the program with SIGKILL, because
 * ffmpeg stuck on a bad input does not always answer SIGTERM. stdin is closed at once so a tool never waits on it.
 * Resolves on exit code 0; otherwise throws `MediaError` (`timeout`, `too_large` or `tool_failed`).
 */
export async function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const { timeoutMs, maxStdoutBytes = 64 * 1024 * 1024, maxStderrBytes = 16 * 1024 } = options;
  const tool = path.basename(command);
  const run = execFileAsync(command, args, { encoding: "buffer", timeout: timeoutMs, maxBuffer: maxStdoutBytes, killSignal: "SIGKILL" });
  run.child.stdin?.end();
  try {
    const { stdout, stderr } = await run;
    return { stdout, stderr: stderrText(stderr, maxStderrBytes) };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    throw toMediaError(error, tool, { timeoutMs, maxStdoutBytes, maxStderrBytes });
  }
}

function toMediaError(error: ExecFileFailure, tool: string, limits: Required<RunProcessOptions>): MediaError {
  if (error.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
    return new MediaError("too_large", `${tool} produced more than ${limits.maxStdoutBytes} bytes of output`);
  }
  if (error.killed) return new MediaError("timeout", `${tool} did not finish within ${limits.timeoutMs} ms`);
  if (typeof error.code === "string") return new MediaError("tool_failed", `could not run ${tool}: ${error.message}`, { cause: error });
  const stderr = stderrText(error.stderr ?? "", limits.maxStderrBytes);
  const status = error.signal ? `signal ${error.signal}` : `exit code ${error.code}`;
  return new MediaError("tool_failed", `${tool} failed (${status})${stderr ? `: ${tail(stderr)}` : ""}`);
}

function stderrText(stderr: Buffer | string, maxBytes: number): string {
  const bytes = Buffer.isBuffer(stderr) ? stderr : Buffer.from(stderr);
  return bytes
    .subarray(Math.max(0, bytes.length - maxBytes))
    .toString("utf8")
    .trim();
}

/** The last few lines of a tool's stderr: where ffmpeg and ffprobe say what went wrong. */
function tail(text: string): string {
  return text.split("\n").slice(-3).join(" | ");
}
