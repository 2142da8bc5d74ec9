import type { Database } from "@lensroom/db";
import type { KieClient } from "@lensroom/kie";
import type { StorageDriver } from "@lensroom/storage";

import type { ServerEnv } from "../env";
import type { JobQueue } from "../jobs/job-queue";

/** What domain services need; built once per process by `createAppServices`, injected everywhere else. */
export interface ServiceDeps {
  env: ServerEnv;
  db: Database;
  kie: KieClient;
  storage: StorageDriver;
  jobs: Pick<JobQueue, "send">;
}
