import { existsSync } from "node:fs";
import path from "node:path";

import { spawnGroup, type GroupProcess } from "./spawn-group";
import { waitForHttp } from "./wait-for-http";

export interface StartNextOptions {
  name: string;
  appDir: string;
  port: number;
  mode: "dev" | "start";
  env: Record<string, string | undefined>;
  onLine?: (line: string) => void;
  readyTimeoutMs?: number;
  signal?: AbortSignal;
}

function nextBin(appDir: string) {
  const bin = path.join(appDir, "node_modules", ".bin", "next");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`pnpm install\` first`);
  return bin;
}

async function exitedEarly(child: GroupProcess) {
  const { code, signal } = await child.exited;
  return new Error(`${child.name} exited before it was ready (code ${code}, signal ${signal}). Last output:\n${child.tail().slice(-15).join("\n")}`);
}

/** Resolves (with the reason) when `signal` aborts; never otherwise. */
function whenAborted(signal: AbortSignal | undefined): Promise<unknown> {
  if (!signal) return new Promise(() => undefined);
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
}

async function runToEnd(child: GroupProcess, signal: AbortSignal | undefined) {
  const outcome = await Promise.race([child.exited, whenAborted(signal).then((reason) => ({ aborted: reason }))]);
  if ("aborted" in outcome) {
    await child.stop(2_000);
    throw outcome.aborted instanceof Error ? outcome.aborted : new Error("aborted");
  }
  if (outcome.code !== 0) throw await exitedEarly(child);
}

/** `next dev` (or `next build` + `next start`) for one app, in its own process group; resolves once it answers. */
export async function startNext(options: StartNextOptions): Promise<GroupProcess> {
  const bin = nextBin(options.appDir);
  const env: Record<string, string | undefined> = { ...options.env, PORT: String(options.port) };
  if (options.mode === "start") {
    await runToEnd(
      spawnGroup({
        name: `${options.name}:build`,
        command: bin,
        args: ["build"],
        cwd: options.appDir,
        env: { ...env, NODE_ENV: "production" },
        onLine: options.onLine,
      }),
      options.signal,
    );
  }
  // Next prints "Ready in …" once it listens; pages compile on their first request (e2e warms them itself).
  let announceReady: () => void = () => undefined;
  const readyLine = new Promise<void>((resolve) => (announceReady = resolve));
  const onLine = (line: string) => {
    if (/\bReady in\b/.test(line)) announceReady();
    (options.onLine ?? ((l: string) => process.stdout.write(`${l}\n`)))(line);
  };
  const child = spawnGroup({
    name: options.name,
    command: bin,
    args: [options.mode, "--port", String(options.port)],
    cwd: options.appDir,
    // `next start` runs with NODE_ENV=production, where local sign-in is refused unless explicitly allowed: allow it
    // for the embedded mode only (a developer machine), never for LENSROOM_MODE=production.
    env:
      options.mode === "start"
        ? {
            ...env,
            NODE_ENV: "production",
            AUTH_ALLOW_LOCAL_SIGN_IN: env.AUTH_ALLOW_LOCAL_SIGN_IN ?? (env.LENSROOM_MODE === "production" ? undefined : "true"),
          }
        : env,
    onLine,
  });
  const abort = Promise.race([exitedEarly(child), whenAborted(options.signal)]);
  try {
    await Promise.race([
      readyLine,
      new Promise<void>((resolve) => setTimeout(resolve, options.readyTimeoutMs ?? 120_000).unref()),
      abort.then((reason) => {
        throw reason instanceof Error ? reason : new Error(String(reason));
      }),
    ]);
    // Listening: any answer will do, so ask for something that needs no page compile.
    await waitForHttp(`http://localhost:${options.port}/favicon.ico`, {
      timeoutMs: options.readyTimeoutMs ?? 120_000,
      requestTimeoutMs: 120_000,
      abort,
    });
  } catch (error) {
    await child.stop(2_000);
    throw error;
  }
  return child;
}
