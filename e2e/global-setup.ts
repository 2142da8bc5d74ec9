import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

import type { TestProject } from "vitest/node";

import { generateSecrets } from "../scripts/lib/local-secrets";
import { ROOT_DIR } from "../scripts/lib/repo-paths";
import { startSystem, type RunningSystem } from "../scripts/lib/start-system";
import { freeSystemPorts } from "./lib/free-ports";
import { runningNextDev } from "./lib/next-dev-lock";
import { throwawayDatabase } from "./lib/throwaway-database";
import { warmRoutes } from "./lib/warm-routes";
import { NOT_INHERITED } from "./lib/not-inherited-env";

declare module "vitest" {
  export interface ProvidedContext {
    webUrl: string;
    adminUrl: string;
    kieUrl: string;
    /** The system's database (tests seed and inspect rows); "" against a running system unless E2E_DATABASE_URL. */
    databaseUrl: string;
    /** The local bucket's directory (STORAGE_LOCAL_DIR); "" when unknown. */
    storageDir: string;
    /** The KIE API key the system (and its simulator) uses, to create real simulator tasks; "" unless E2E_KIE_API_KEY. */
    kieApiKey: string;
    /** The system's AUTH_JWT_SECRET, to sign tokens that differ from a genuine one in one way; "" unless E2E_AUTH_JWT_SECRET. */
    authJwtSecret: string;
  }
}

/**
 * The whole system on free ports with its own data dir (`.data/e2e-<random>`), its own embedded Postgres (or a fresh
 * database on the server behind DATABASE_URL), the KIE simulator and both Next apps. Output goes to
 * `artifacts/e2e/system.log`.
 */
export default async function setup(project: TestProject) {
  // Against a system that is already running (e.g. `pnpm dev`): E2E_WEB_URL (+ E2E_ADMIN_URL, E2E_KIE_URL).
  if (process.env.E2E_WEB_URL) {
    project.provide("webUrl", process.env.E2E_WEB_URL);
    project.provide("adminUrl", process.env.E2E_ADMIN_URL ?? "");
    project.provide("kieUrl", process.env.E2E_KIE_URL ?? "");
    project.provide("databaseUrl", process.env.E2E_DATABASE_URL ?? "");
    project.provide("storageDir", process.env.E2E_STORAGE_DIR ?? "");
    project.provide("kieApiKey", process.env.E2E_KIE_API_KEY ?? "");
    project.provide("authJwtSecret", process.env.E2E_AUTH_JWT_SECRET ?? "");
    console.log(`[e2e] using the running system at ${process.env.E2E_WEB_URL}`);
    return;
  }
  const started = Date.now();
  const id = randomBytes(4).toString("hex");
  const dataDir = path.join(ROOT_DIR, ".data", `e2e-${id}`);
  const artifacts = path.join(ROOT_DIR, "artifacts", "e2e");
  await fs.mkdir(artifacts, { recursive: true });
  const logFile = path.join(artifacts, "system.log");
  const logStream = createWriteStream(logFile, { flags: "w" });
  const log = (line: string) => logStream.write(`${line}\n`);

  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  // `next start` runs with NODE_ENV=production, where the local sign-in is refused unless allowed explicitly.
  Object.assign(env, generateSecrets(), { LENSROOM_MODE: "embedded", AUTH_ALLOW_LOCAL_SIGN_IN: "true" });
  const database = process.env.DATABASE_URL ? await throwawayDatabase(process.env.DATABASE_URL) : null;
  if (database) env.DATABASE_URL = database.url;
  else delete env.DATABASE_URL;

  const ports = await freeSystemPorts();
  const busy = ["web", "admin"].map((app) => runningNextDev(path.join(ROOT_DIR, "apps", app))).filter((pid) => pid !== null);
  const requested = process.env.E2E_NEXT_MODE;
  const nextMode = requested === "start" || requested === "dev" ? requested : busy.length > 0 ? "start" : "dev";
  if (!requested && busy.length > 0) console.log(`[e2e] a next dev server is running (pid ${busy.join(", ")}): using next build + next start`);
  let system: RunningSystem;
  try {
    system = await startSystem({
      rootDir: ROOT_DIR,
      dataDir,
      ports,
      nextMode,
      env,
      ephemeral: true,
      verbosePostgres: true,
      log,
    });
  } catch (error) {
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
    logStream.end();
    throw new Error(`e2e system did not start (log: ${path.relative(ROOT_DIR, logFile)}): ${String(error)}`, { cause: error });
  }
  const warmed = await warmRoutes(system);
  console.log(`[e2e] system up (next ${nextMode}) in ${((Date.now() - started) / 1000).toFixed(1)} s (${warmed}); log: ${path.relative(ROOT_DIR, logFile)}`);

  project.provide("webUrl", system.webUrl);
  project.provide("adminUrl", system.adminUrl);
  project.provide("kieUrl", system.kieUrl);
  project.provide("databaseUrl", system.databaseUrl);
  project.provide("storageDir", system.env.STORAGE_LOCAL_DIR ?? "");
  project.provide("kieApiKey", system.env.KIE_API_KEY ?? "");
  project.provide("authJwtSecret", system.env.AUTH_JWT_SECRET ?? "");

  return async () => {
    await system.stop();
    await database?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
    logStream.end();
  };
}
