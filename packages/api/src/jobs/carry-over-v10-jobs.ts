import { createDatabase } from "@lensroom/db";
import type { JobInsert, PgBoss } from "pg-boss";
import { z } from "zod";

import { getLogger } from "../log/logger";
import { bossDbOf } from "./boss-db";

/** The schema version pg-boss 10.4 leaves (its `version` table); pg-boss 11 and 12 start at 25. */
const V10_SCHEMA_VERSION = 24;

/** Every carry-over step of every process runs under this lock, so concurrent starts do the work once. */
const lockSql = (schema: string) => `select pg_advisory_xact_lock(hashtext('lensroom: carry over ${schema} from pg-boss 10'))`;

class UnsupportedJobSchemaError extends Error {
  readonly code = "unsupported_job_schema";
}

const v10Job = z.object({
  id: z.string(),
  name: z.string(),
  data: z.record(z.string(), z.unknown()).nullable(),
  priority: z.number(),
  singleton_key: z.string().nullable(),
  start_after_ms: z.coerce.number(),
  retries_left: z.number(),
  retry_delay: z.number(),
  retry_backoff: z.boolean(),
  expire_seconds: z.number(),
});

/**
 * A database last used by pg-boss 10 has its jobs in schema `schema` at version 24, which pg-boss 12's `start()`
 * refuses to migrate (its oldest starting version is 25; pg-boss's advice is to install the new version beside the
 * old one and move the jobs). This renames that schema to `<schema>_v10` so pg-boss 12 installs a fresh `schema`,
 * and answers the name of the set-aside schema while one is waiting to be carried over (also after a crash between
 * the two steps), else null.
 */
export async function setAsideV10Schema(connectionString: string, schema: string): Promise<string | null> {
  const aside = `${schema}_v10`;
  const { sql, close } = createDatabase(connectionString, { max: 1, applicationName: "lensroom-job-schema" });
  try {
    return await sql.begin(async (tx) => {
      await tx.unsafe(lockSql(schema));
      const [found] = await tx<Array<{ installed: boolean; aside: boolean }>>`
        select to_regclass(${`${schema}.version`}) is not null as installed, to_regnamespace(${aside}) is not null as aside`;
      if (found?.installed) {
        const [row] = await tx.unsafe<Array<{ version: number }>>(`select version from ${schema}.version`);
        const version = row?.version ?? 0;
        if (version === V10_SCHEMA_VERSION && !found.aside) {
          await tx.unsafe(`alter schema ${schema} rename to ${aside}`);
          return aside;
        }
        if (version < V10_SCHEMA_VERSION) {
          throw new UnsupportedJobSchemaError(
            `pg-boss schema ${schema} is at version ${version}: start pg-boss 10.4 on it once (it migrates to ${V10_SCHEMA_VERSION}), then this version`,
          );
        }
      }
      return found?.aside ? aside : null;
    });
  } finally {
    await close();
  }
}

/**
 * Queue every unfinished job (created, retry, active) of the set-aside pg-boss 10 schema again through pg-boss's
 * `insert`, with its id, payload, key, start time and the attempts it has left (pg-boss 10 counts a started attempt
 * only at the next fetch; here it counts as used), then drop the old schema: all in one
 * transaction, so the jobs move exactly once. A job that was active starts again (its worker is gone). Two jobs of a
 * stately queue with one key (one waiting, one running) become one waiting job. Finished jobs (pg-boss 10's
 * completed/failed history and archive) are not carried over.
 */
export async function carryOverV10Jobs(connectionString: string, boss: PgBoss, aside: string): Promise<number> {
  const schema = aside.replace(/_v10$/, "");
  const { sql, close } = createDatabase(connectionString, { max: 1, applicationName: "lensroom-job-schema" });
  try {
    return await sql.begin(async (tx) => {
      await tx.unsafe(lockSql(schema));
      const [exists] = await tx<Array<{ aside: boolean }>>`select to_regnamespace(${aside}) is not null as aside`;
      if (!exists?.aside) return 0;
      const rows = z.array(v10Job).parse(
        await tx.unsafe(`
          select id::text, name, data, priority, singleton_key, extract(epoch from start_after)::float8 * 1000 as start_after_ms, greatest(retry_limit - retry_count - (started_on is not null)::int, 0) as retries_left,
            retry_delay, retry_backoff, extract(epoch from expire_in)::int as expire_seconds
          from ${aside}.job where state < 'completed' order by created_on`),
      );
      const queues = new Set((await boss.getQueues()).map((q) => q.name));
      const byQueue = new Map<string, typeof rows>();
      for (const row of rows) byQueue.set(row.name, [...(byQueue.get(row.name) ?? []), row]);
      let moved = 0;
      for (const [name, jobs] of byQueue) {
        if (!queues.has(name)) {
          getLogger().warn({ component: "pg-boss", queue: name, jobs: jobs.length }, "pg-boss 10 jobs of a queue this version does not have are dropped");
          continue;
        }
        const inserts: JobInsert[] = jobs.map((job) => ({
          id: job.id,
          data: job.data ?? {},
          priority: job.priority,
          ...(job.singleton_key ? { singletonKey: job.singleton_key } : {}),
          startAfter: new Date(job.start_after_ms).toISOString(),
          retryLimit: job.retries_left,
          retryDelay: job.retry_delay,
          retryBackoff: job.retry_backoff,
          expireInSeconds: Math.max(1, job.expire_seconds),
        }));
        moved += (await boss.insert(name, inserts, { db: bossDbOf(tx), returnId: true }))?.length ?? 0;
      }
      await tx.unsafe(`drop schema ${aside} cascade`);
      getLogger().info({ component: "pg-boss", moved, found: rows.length }, "carried pg-boss 10's unfinished jobs over");
      return moved;
    });
  } finally {
    await close();
  }
}
