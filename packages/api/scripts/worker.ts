import { createAppServices } from "../src/app-services";
import { startWorkers } from "../src/jobs/worker";
import { getLogger } from "../src/log/logger";

// `pnpm worker`: a standalone worker process for scale-out. Run as many as you like against one database. It logs
// JSON lines (pino) on stdout; with METRICS_PORT set it serves /metrics too.
const log = getLogger().child({ component: "worker" });
const services = await createAppServices({ supervise: true });
const workers = await startWorkers(services, { concurrency: services.env.LENSROOM_WORKER_CONCURRENCY, logger: log });
log.info({ concurrency: services.env.LENSROOM_WORKER_CONCURRENCY, metrics: workers.metricsUrl }, "worker ready");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: finishing running jobs`);
    void workers
      .stop()
      .then(() => services.close())
      .finally(() => process.exit(0));
  });
}
