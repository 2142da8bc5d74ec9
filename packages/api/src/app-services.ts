import { createDatabase } from "@lensroom/db";
import { createKieClient } from "@lensroom/kie";

import { tokenVerifierConfigFromEnv } from "./auth/token-config";
import type { TokenVerifierConfig } from "./auth/tokens";
import { parseServerEnv, type ServerEnv } from "./env";
import { startJobQueue, type JobQueue } from "./jobs/job-queue";
import { kieMetricsObserver } from "./metrics/kie-observer";
import { getMetrics } from "./metrics/registry";
import { createStorage } from "./services/create-storage";
import { createSharedKieLimiter } from "./services/shared-kie-limiter";
import type { ServiceDeps } from "./services/deps";

export interface AppServices extends ServiceDeps {
  sql: ReturnType<typeof createDatabase>["sql"];
  jobs: JobQueue;
  tokens: TokenVerifierConfig;
  close(): Promise<void>;
}

export function tokenConfig(env: ServerEnv): TokenVerifierConfig {
  return tokenVerifierConfigFromEnv(env);
}

/** Everything one process needs, built once from validated configuration. */
export async function createAppServices(options: { env?: ServerEnv; supervise?: boolean; poolSize?: number } = {}): Promise<AppServices> {
  const env = options.env ?? parseServerEnv();
  const { db, sql, close } = createDatabase(env.DATABASE_URL, { max: options.poolSize ?? 10 });
  const jobs = await startJobQueue({
    connectionString: env.DATABASE_URL,
    supervise: options.supervise ?? false,
    expireInSeconds: env.LENSROOM_JOB_EXPIRE_SECONDS,
    maintenanceIntervalSeconds: env.LENSROOM_JOB_MAINTENANCE_SECONDS,
    jobHistoryDays: env.LENSROOM_RETENTION_DAYS,
  });
  const kie = createKieClient({
    baseUrl: env.KIE_BASE_URL,
    apiKey: env.KIE_API_KEY,
    sharedLimiter: createSharedKieLimiter(sql, env.KIE_API_KEY),
    observer: kieMetricsObserver(getMetrics()),
  });
  return {
    env,
    db,
    sql,
    kie,
    storage: createStorage(env),
    jobs,
    tokens: tokenConfig(env),
    async close() {
      await jobs.stop({ graceful: true, timeoutMs: 10_000 }).catch(() => undefined);
      await close();
    },
  };
}

const globalForServices = globalThis as unknown as { lensroomServices?: Promise<AppServices> };

/** The process-wide services (survives Next.js dev reloads). A failed start is retried on the next call. */
export function getAppServices(): Promise<AppServices> {
  globalForServices.lensroomServices ??= createAppServices().catch((error: unknown) => {
    globalForServices.lensroomServices = undefined;
    throw error;
  });
  return globalForServices.lensroomServices;
}
