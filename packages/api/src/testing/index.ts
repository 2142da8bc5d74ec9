import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { createTestDatabase, type TestDatabase } from "@lensroom/db/testing";
import { createKieClient } from "@lensroom/kie";
import { createLocalStorageDriver } from "@lensroom/storage/local";

import type { AppServices } from "../app-services";
import { tokenConfig } from "../app-services";
import { mintAccessToken } from "../auth/tokens";
import { parseServerEnv, type ServerEnv } from "../env";
import { startJobQueue } from "../jobs/job-queue";
import { runKieSyncJob } from "../jobs/kie-sync-job";
import type { QueuePayloads } from "../jobs/queues";
import { kieMetricsObserver } from "../metrics/kie-observer";
import { getMetrics } from "../metrics/registry";
import { createSharedKieLimiter } from "../services/shared-kie-limiter";

export { hostileIdentities, type AcceptedSigningKey, type HostileIdentity, type HostileIdentityCorpus } from "./hostile-identities";

export const TEST_SECRETS = {
  KIE_API_KEY: "test-kie-api-key",
  KIE_CALLBACK_SECRET: "test-callback-secret-0123456789",
  AUTH_JWT_SECRET: "test-auth-jwt-secret-0123456789abcdef",
  INTERNAL_API_TOKEN: "test-internal-api-token-0123456789",
  METRICS_TOKEN: "test-metrics-token-0123456789abcdef",
};

/**
 * Real services for one test file: a fresh migrated database, a temp local bucket, pg-boss on that database, and a
 * KIE client pointed at `kieBaseUrl` (the real simulator over HTTP).
 */
export async function createTestServices(options: {
  adminUrl: string;
  template: string;
  kieBaseUrl: string;
  publicWebUrl?: string;
  env?: Record<string, string>;
  /** A database the test prepared itself (e.g. an adopted copy of the old site's); dropped on close. Default: a migrated copy of the template. */
  database?: TestDatabase;
}) {
  const database = options.database ?? (await createTestDatabase(options.adminUrl, options.template));
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "lensroom-storage-"));
  const env: ServerEnv = parseServerEnv({
    NODE_ENV: "test",
    LENSROOM_MODE: "embedded",
    DATABASE_URL: database.url,
    KIE_BASE_URL: options.kieBaseUrl,
    PUBLIC_WEB_URL: options.publicWebUrl ?? "http://127.0.0.1:9",
    STORAGE_LOCAL_DIR: storageDir,
    LENSROOM_STUCK_AFTER_SECONDS: "5",
    ...TEST_SECRETS,
    ...options.env,
  });
  const storage = createLocalStorageDriver({ rootDir: storageDir, publicBaseUrl: "http://127.0.0.1:9/storage/v1/object/public" });
  await storage.ensureBucket();
  const jobs = await startJobQueue({
    connectionString: database.url,
    supervise: false,
    max: 2,
    expireInSeconds: env.LENSROOM_JOB_EXPIRE_SECONDS,
    jobHistoryDays: env.LENSROOM_RETENTION_DAYS,
  });
  const kie = createKieClient({
    baseUrl: env.KIE_BASE_URL,
    apiKey: env.KIE_API_KEY,
    timeoutMs: 5_000,
    sharedLimiter: createSharedKieLimiter(database.sql, env.KIE_API_KEY),
    observer: kieMetricsObserver(getMetrics()),
  });

  const services: AppServices = {
    env,
    db: database.db,
    sql: database.sql,
    kie,
    storage,
    jobs,
    tokens: tokenConfig(env),
    async close() {
      await jobs.stop({ graceful: false, timeoutMs: 5_000 }).catch(() => undefined);
      await database.drop();
      await rm(storageDir, { recursive: true, force: true });
    },
  };
  return { services, database, storageDir };
}

/** A bearer token for a test user, signed like the embedded sign-in signs it. */
export function tokenFor(userId: string, role: "user" | "staff" = "user", expiresInSeconds = 600) {
  return mintAccessToken({ userId, role, expiresInSeconds }, { secret: TEST_SECRETS.AUTH_JWT_SECRET });
}

/**
 * Run `kie-sync` jobs in the test's own process, as a worker's lane does, until the returned function is called:
 * for tests of callers that wait on the sync job without starting whole workers.
 */
export async function serveKieSyncJobs(services: AppServices): Promise<() => Promise<void>> {
  const id = await services.jobs.boss.work<QueuePayloads["kie-sync"]>("kie-sync", { pollingIntervalSeconds: 0.5 }, async ([job]) =>
    job ? runKieSyncJob(services, job) : undefined,
  );
  return () => services.jobs.boss.offWork("kie-sync", { id });
}
