import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

import { localUserId, mintAccessToken, SESSION_COOKIE } from "@lensroom/api/auth";
import { applyAdoption } from "@lensroom/db/adopt";
import { migrateDatabase } from "@lensroom/db/migrate";
import { createEmptyTestDatabase, type TestDatabase } from "@lensroom/db/testing";
import { legacyScenario, type LegacyScenarioRow } from "@lensroom/db/testing-legacy-scenario";
import { addLegacyChecks, insertLegacyRows, installLegacySite } from "@lensroom/db/testing-legacy-site";
import { createKieClient, type KieFamily } from "@lensroom/kie";
import { startKieSimulator } from "@lensroom/kie-simulator";

import { colourfulPng, oneKeyframeMp4 } from "../../packages/api/test/fixtures/media-files";
import { placeLegacyObject } from "../../packages/storage/src/testing";
import { generateSecrets } from "../../scripts/lib/local-secrets";
import { ROOT_DIR } from "../../scripts/lib/repo-paths";
import { startSystem, type RunningSystem } from "../../scripts/lib/start-system";
import { freeSystemPorts } from "./free-ports";
import { NOT_INHERITED } from "./not-inherited-env";

/** Nobody listens here: the old site's callbacks for its tasks went to the old site, not to us. */
const LOST_CALLBACK = "http://127.0.0.1:9/lost";

export interface AdoptedSite {
  system: RunningSystem;
  database: TestDatabase;
  scenario: LegacyScenarioRow[];
  webUrl: string;
  adminUrl: string;
  stop(): Promise<void>;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The old LensRoom site's database, adopted (`db:adopt --apply` + migrations), with the old bucket's objects in the
 * storage folder, and a system of its own started on it: a KIE simulator that still knows some of the old site's
 * tasks (created there before adoption, as the old site did), the workers, and `next dev` of apps/web and apps/admin
 * (into their own dist dir, so they run next to the shared e2e system's dev servers). The database lives on the shared e2e system's
 * Postgres server (`adminUrl`), so the adopted system needs no cluster of its own.
 */
export async function startAdoptedSite(options: { adminUrl: string; userA: string; userB: string; name: string }): Promise<AdoptedSite> {
  if (!options.adminUrl) throw new Error("no database URL: this test builds its own database on the e2e system's Postgres server");
  const id = randomBytes(4).toString("hex");
  const dataDir = path.join(ROOT_DIR, ".data", `e2e-adopted-${id}`);
  const storageDir = path.join(dataDir, "storage");
  const artifacts = path.join(ROOT_DIR, "artifacts", "e2e");
  await fs.mkdir(artifacts, { recursive: true });
  const logStream = createWriteStream(path.join(artifacts, `${options.name}-system.log`), { flags: "w" });
  const log = (line: string) => logStream.write(`${line}\n`);

  const secrets = generateSecrets();
  const ports = await freeSystemPorts();
  const cleanups: Array<() => Promise<unknown>> = [];
  const cleanup = async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn().catch((error: unknown) => log(`[adopted] cleanup failed: ${String(error)}`));
    await fs.rm(dataDir, { recursive: true, force: true });
    logStream.end();
  };
  try {
    // KIE as the old site left it: three tasks it created there and that finished.
    const simulator = await startKieSimulator({ port: ports.kie, host: "127.0.0.1", apiKey: secrets.KIE_API_KEY, hmacKey: secrets.KIE_CALLBACK_SECRET });
    cleanups.push(() => simulator.close());
    const oldSite = createKieClient({ baseUrl: simulator.url, apiKey: secrets.KIE_API_KEY, timeoutMs: 5_000 });
    const task = async (family: KieFamily, model: string) =>
      (await oldSite.createTask({ family, model, prompt: "an old prompt", callBackUrl: LOST_CALLBACK })).taskId;
    const tasks = { photo: await task("market", "google/imagen4"), video: await task("veo", "veo3_fast"), photo2: await task("market", "google/imagen4") };
    for (const [family, taskId] of [
      ["market", tasks.photo],
      ["veo", tasks.video],
      ["market", tasks.photo2],
    ] as const) {
      await waitUntil(async () => (await oldSite.getTaskStatus(family, taskId)).state === "success", 60_000, `KIE task ${taskId}`);
    }

    // The old site's database, then `db:adopt --apply` and our migrations, before anything of ours starts on it.
    const database = await createEmptyTestDatabase(options.adminUrl);
    cleanups.push(() => database.drop());
    const scenario = legacyScenario({ userA: options.userA, userB: options.userB, tasks });
    await installLegacySite(database.sql, { supabase: false });
    await insertLegacyRows(
      database.sql,
      scenario.map((s) => s.row),
    );
    await addLegacyChecks(database.sql);
    const webUrl = `http://localhost:${ports.web}`;
    await applyAdoption(database.sql, { publicBaseUrl: `${webUrl}/storage/v1/object/public` });
    await migrateDatabase(database.url, { log: () => undefined });

    // The old bucket's objects, at their old paths, in the folder the system serves.
    const photo = await colourfulPng(640, 480);
    const video = await oneKeyframeMp4();
    for (const s of scenario) {
      for (const [objectPath, kind] of Object.entries(s.objects)) {
        await placeLegacyObject(storageDir, objectPath, kind === "photo" ? photo : video, kind === "photo" ? "image/png" : "video/mp4");
      }
    }

    const env: Record<string, string | undefined> = { ...process.env };
    for (const name of [...NOT_INHERITED, "DATABASE_URL"]) delete env[name];
    Object.assign(env, secrets, {
      LENSROOM_MODE: "embedded",
      AUTH_ALLOW_LOCAL_SIGN_IN: "true",
      DATABASE_URL: database.url,
      KIE_BASE_URL: simulator.url,
      STORAGE_LOCAL_DIR: storageDir,
      PUBLIC_WEB_URL: webUrl,
      // Its own build folder: Next allows one dev server per dist dir, and the shared e2e system has `.next`.
      NEXT_DIST_DIR: ".next-e2e-adopted",
    });
    const system = await startSystem({ rootDir: ROOT_DIR, dataDir, ports, nextMode: "dev", env, apps: ["web", "admin"], log });
    cleanups.push(() => system.stop());

    const secret = system.env.AUTH_JWT_SECRET ?? "";
    // Compile the pages the test opens (Turbopack compiles on first request), as staff so none redirects.
    const email = "warmup-adopted@example.test";
    const warm = await mintAccessToken({ userId: localUserId(email), email, role: "staff", expiresInSeconds: 600 }, { secret });
    for (const page of [`${webUrl}/sign-in`, `${webUrl}/library`, `${system.adminUrl}/sign-in`, `${system.adminUrl}/jobs`]) {
      await fetch(page, { headers: { cookie: `${SESSION_COOKIE}=${warm}` }, redirect: "manual", signal: AbortSignal.timeout(240_000) })
        .then((response) => response.text())
        .catch((error: unknown) => log(`[adopted] warming ${page} failed: ${String(error)}`));
    }
    return {
      system,
      database,
      scenario,
      webUrl,
      adminUrl: system.adminUrl,
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

export { waitUntil };
