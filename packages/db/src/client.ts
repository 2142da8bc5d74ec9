import { drizzle } from "drizzle-orm/postgres-js";
import pRetry, { AbortError } from "p-retry";
import postgres from "postgres";

import * as schema from "./schema";

export type Database = ReturnType<typeof createDatabase>["db"];

export interface DatabaseOptions {
  /** Pool size; migrations use 1. */
  max?: number;
  /** Name shown in `pg_stat_activity`. */
  applicationName?: string;
}

/**
 * postgres.js re-reads the server's array types on every new connection, and when that internal query fails (the
 * database going down while a connection opens) its rejection escapes unhandled and ends the process
 * (porsager/postgres#1192). The types live in the pool's shared options, so once one connection has read them the
 * pool stops re-reading. Tried at creation and, while the database is unreachable, up to 12 more times with backoff
 * (0.5 s doubling to 30 s); the timers are unref'd so they never keep a process alive, and a closed pool stops them.
 */
function readArrayTypesOnce(sql: postgres.Sql, isClosed: () => boolean): void {
  const readOnce = async () => {
    if (isClosed()) throw new AbortError("the pool is closed");
    await sql`select 1`;
    sql.options.fetch_types = false;
  };
  pRetry(readOnce, { retries: 12, minTimeout: 500, factor: 2, maxTimeout: 30_000, unref: true, shouldRetry: () => !isClosed() }).catch(() => {
    // Out of tries or closed: connections keep reading the types themselves, as postgres.js does by default.
  });
}

/** One pool per process. `close()` drains it. */
export function createDatabase(url: string, options: DatabaseOptions = {}) {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 10,
    idle_timeout: 30,
    onnotice: () => undefined,
    connection: { application_name: options.applicationName ?? "lensroom" },
  });
  let closed = false;
  readArrayTypesOnce(sql, () => closed);
  const db = drizzle(sql, { schema, casing: "snake_case" });
  return {
    db,
    sql,
    close: () => {
      closed = true;
      return sql.end({ timeout: 5 });
    },
  };
}
