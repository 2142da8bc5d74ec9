const CONNECTION_ERROR_CODES = new Set([
  // Postgres: shutting down, crashed, starting up; connection exceptions
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
  // sockets
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
]);
/** node-postgres (pg-boss's driver) reports some of the same conditions only in words. */
const CONNECTION_ERROR_MESSAGES =
  /Connection terminated|not queryable|timeout exceeded when trying to connect|the database system is (starting up|shutting down)/i;

/** A lost or refused database connection (Postgres shutting down, restarting, unreachable). */
export function isDatabaseConnectionError(reason: unknown): boolean {
  if (!(reason instanceof Error)) return false;
  const code = (reason as Error & { code?: unknown }).code;
  return (typeof code === "string" && CONNECTION_ERROR_CODES.has(code)) || CONNECTION_ERROR_MESSAGES.test(reason.message);
}
