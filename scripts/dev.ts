import path from "node:path";

import { localEnv } from "./lib/local-env";
import { ROOT_DIR } from "./lib/repo-paths";
import { startSystem, type RunningSystem } from "./lib/start-system";
import { parseSystemConfig } from "./lib/system-config";

// `pnpm dev`: the whole system, offline, on embedded defaults. Ctrl-C stops it; a second Ctrl-C forces exit.
const started = Date.now();
const log = (line: string) => process.stdout.write(`${line}\n`);

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\n[dev] could not start: ${message}\n`);
  process.exit(1);
}

let system: RunningSystem | undefined;
let appsStarted: string[] = [];
let stopping = false;
let startupDone = false;

const startup = new AbortController();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) {
      log(`[dev] ${signal} again: forcing exit`);
      process.exit(130);
    }
    stopping = true;
    log(`\n[dev] ${signal}: stopping (again to force)`);
    if (!startupDone) {
      startup.abort(new Error(`${signal} during start-up`)); // startSystem stops what it started, then we exit
      return;
    }
    void (system?.stop() ?? Promise.resolve()).finally(() => {
      log("[dev] stopped");
      process.exit(0);
    });
  });
}

try {
  const dataDir = path.resolve(ROOT_DIR, process.env.LENSROOM_DATA_DIR ?? ".data");
  const { loadedFromDotEnv, secretsFromDataDir } = await localEnv(ROOT_DIR, dataDir);
  const config = parseSystemConfig(process.env);
  if (loadedFromDotEnv.length) log(`[dev] loaded ${loadedFromDotEnv.length} variables from .env`);
  if (secretsFromDataDir.length) log(`[dev] local secrets from ${path.relative(ROOT_DIR, dataDir)}/secrets.json: ${secretsFromDataDir.join(", ")}`);

  appsStarted = config.LENSROOM_DEV_APPS;
  system = await startSystem({
    rootDir: ROOT_DIR,
    dataDir,
    ports: { web: config.WEB_PORT, admin: config.ADMIN_PORT, kie: config.KIE_SIM_PORT, postgres: config.LENSROOM_PG_PORT },
    nextMode: config.LENSROOM_NEXT_MODE,
    apps: config.LENSROOM_DEV_APPS,
    signal: startup.signal,
    env: { ...process.env },
    log,
  });
} catch (error) {
  if (stopping) {
    log("[dev] stopped");
    process.exit(130);
  }
  fail(error);
}
startupDone = true;

const seconds = ((Date.now() - started) / 1000).toFixed(1);
log(
  [
    "",
    `  LensRoom Library is running (${seconds} s)`,
    ...(appsStarted.includes("web") ? [`    web       ${system.webUrl}  (sign in at ${system.webUrl}/sign-in)`] : []),
    ...(appsStarted.includes("admin") ? [`    admin     ${system.adminUrl}  (needs a staff sign-in)`] : []),
    `    KIE       ${system.kieUrl}${system.simulator ? "  (local simulator)" : ""}`,
    `    database  ${system.databaseEmbedded ? "embedded" : "DATABASE_URL"}; psql "$(pnpm -s db:url)"`,
    ...(system.workerMetricsUrl
      ? [`    metrics   ${system.workerMetricsUrl} (workers)${appsStarted.includes("web") ? `, ${system.webUrl}/metrics (web)` : ""}`]
      : []),
    "  Ctrl-C stops everything.",
    "",
  ].join("\n"),
);
