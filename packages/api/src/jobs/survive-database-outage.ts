const CONNECTION_ERROR_CODES = new Set(["57P01", "57P02", "57P03", "08000", "08001", "08003", "08006", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED"]);

/** A lost or refused database connection (Postgres shutting down, restarting, unreachable). */
export function isDatabaseConnectionError(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const code = (reason as Error & { code?: unknown }).code;
  return (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) || /Connection terminated/i.test(reason.message);
}

/**
 * pg-boss 10 marks a finished job complete/failed without awaiting it (manager.js `onFetch`): with the database down
 * that promise rejects unhandled, which would end the worker process. The job is not lost (it stays active, expires
 * and is retried), so a worker logs such a rejection and keeps running; any other unhandled rejection still ends it.
 */
export function keepRunningThroughDatabaseOutages(log: (line: string) => void) {
  process.on("unhandledRejection", (reason) => {
    if (!isDatabaseConnectionError(reason)) throw reason;
    log(`database unreachable (${reason instanceof Error ? reason.message : String(reason)}); job state will be retried`);
  });
}
