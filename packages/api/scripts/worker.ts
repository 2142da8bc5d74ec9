import { createAppServices } from "../src/app-services";
import { keepRunningThroughDatabaseOutages } from "../src/jobs/survive-database-outage";
import { startWorkers } from "../src/jobs/worker";

// `pnpm worker`: a standalone worker process for scale-out. Run as many as you like against one database.
keepRunningThroughDatabaseOutages((line) => console.error(`[worker ${process.pid}] ${line}`));
const services = await createAppServices({ supervise: true });
const workers = await startWorkers(services, {
  concurrency: services.env.LENSROOM_WORKER_CONCURRENCY,
  log: (line) => console.log(`[worker ${process.pid}] ${line}`),
});
console.log(`[worker ${process.pid}] ready`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`[worker ${process.pid}] ${signal}: finishing running jobs`);
    void workers
      .stop()
      .then(() => services.close())
      .finally(() => process.exit(0));
  });
}
