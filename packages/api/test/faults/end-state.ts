import { readdir } from "node:fs/promises";
import path from "node:path";

import { generations, type Database } from "@lensroom/db";
import type { StorageDriver } from "@lensroom/storage";
import type { PgBoss } from "pg-boss";

import { effectiveQueueDefinitions } from "../../src/jobs/job-queue";

type Row = typeof generations.$inferSelect;

const referencedPaths = (row: Row) => [
  ...new Set([row.assetPath, row.thumbnailPath, row.previewPath, ...(row.outputPaths ?? [])].filter((p): p is string => Boolean(p))),
];

/**
 * The whole bucket against the whole table: every path a row references exists (no dangling reference), and every
 * object in the bucket is referenced by its generation's row (no orphan, no duplicate copy at another name).
 */
export async function auditBucket(db: Database, storage: StorageDriver) {
  const rows = await db.select().from(generations);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const dangling: string[] = [];
  for (const row of rows) {
    for (const p of referencedPaths(row)) if (!(await storage.exists(p))) dangling.push(p);
  }
  const orphans: string[] = [];
  const users = new Set(rows.map((r) => r.userId));
  for (const userId of users) {
    for (const folder of await storage.list(userId).catch(() => [])) {
      const row = byId.get(folder.name);
      const names = (await storage.list(`${userId}/${folder.name}`).catch(() => [])).filter((e) => e.bytes !== null);
      const keep = new Set(row ? referencedPaths(row) : []);
      for (const entry of names) {
        const objectKey = `${userId}/${folder.name}/${entry.name}`;
        if (!keep.has(objectKey)) orphans.push(objectKey);
      }
    }
  }
  return { rows, dangling, orphans };
}

/** Hidden in-flight files (`.<name>.<uuid>.tmp`) the local driver left behind (a writer killed mid-upload). */
export async function leftoverTempFiles(storageDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".tmp")) found.push(path.relative(storageDir, full));
    }
  };
  await walk(storageDir);
  return found;
}

export type JobRow = {
  id: string;
  state: string;
  retry_count: number;
  key: string | null;
  output: unknown;
};

/** Every pg-boss job of a queue, oldest first (pg-boss keeps finished jobs LENSROOM_RETENTION_DAYS). */
export async function jobsOf(boss: Pick<PgBoss, "findJobs">, queue: string): Promise<JobRow[]> {
  const jobs = await boss.findJobs(queue, { limit: 100_000 });
  return jobs.map((job) => ({ id: job.id, state: job.state, retry_count: job.retryCount, key: job.singletonKey, output: job.output }));
}

/**
 * Test timing only, like the short job expiry: retries start after `seconds` (then the product's backoff doubles it)
 * instead of the production 5-10 s, so a fault test waits seconds, not minutes. Attempts and policy stay the product's.
 */
export async function shortenRetryDelays(boss: PgBoss, seconds: number, expireInSeconds?: number) {
  for (const definition of effectiveQueueDefinitions(expireInSeconds)) {
    if (definition.name !== "kie-sync" && definition.name !== "media-ingest") continue;
    const { name, policy: _policy, ...changeable } = definition;
    await boss.updateQueue(name, { ...changeable, retryDelay: seconds });
  }
}

export const EXPECTED_PHOTO_OBJECTS = ["original.png", "preview.webp", "thumb.webp"];
