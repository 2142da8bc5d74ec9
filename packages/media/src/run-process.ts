import { spawn } from "node:child_process";
import path from "node:path";
import { MediaError } from "./media-error";

export interface RunProcessOptions {
  timeoutMs: number;
  /** Stdout beyond this is a failure (`too_large`): the process is killed. */
  maxStdoutBytes?: number;
  /** Only the last this-many bytes of stderr are kept (for error messages). */
  maxStderrBytes?: number;
}

export interface ProcessResult {
  stdout: Buffer;
  stderr: string;
}

/**
 * Runs a program to completion with a hard timeout (SIGKILL) and bounded output capture.
 * Resolves on exit code 0; otherwise throws `MediaError` (`timeout`, `too_large` or `tool_failed`).
 */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const { timeoutMs, maxStdoutBytes = 64 * 1024 * 1024, maxStderrBytes = 16 * 1024 } = options;
  const tool = path.basename(command);

  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = Buffer.alloc(0);
    let failure: MediaError | undefined;

    const fail = (error: MediaError): void => {
      failure ??= error;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => fail(new MediaError("timeout", `${tool} did not finish within ${timeoutMs} ms`)), timeoutMs);

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxStdoutBytes) {
        fail(new MediaError("too_large", `${tool} produced more than ${maxStdoutBytes} bytes of output`));
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = Buffer.concat([stderr, chunk]);
      if (stderr.length > maxStderrBytes) stderr = stderr.subarray(stderr.length - maxStderrBytes);
    });

    child.on("error", (error) => {
      clearTimeout(timer);
      reject(failure ?? new MediaError("tool_failed", `could not run ${tool}: ${error.message}`, { cause: error }));
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      if (failure) return reject(failure);
      const stderrText = stderr.toString("utf8").trim();
      if (exitCode === 0) return resolve({ stdout: Buffer.concat(stdout), stderr: stderrText });
      const status = signal ? `signal ${signal}` : `exit code ${exitCode}`;
      reject(new MediaError("tool_failed", `${tool} failed (${status})${stderrText ? `: ${tail(stderrText)}` : ""}`));
    });
  });
}

/** The last few lines of a tool's stderr: where ffmpeg and ffprobe say what went wrong. */
function tail(text: string): string {
  return text.split("\n").slice(-3).join(" | ");
}
