import { generations } from "@lensroom/db";
import { inArray } from "drizzle-orm";
import type { JobWithMetadata } from "pg-boss";
import { z } from "zod";

import type { JobQueue } from "../jobs/job-queue";
import { decodeCursor, encodeCursor } from "../lib/keyset-cursor";
import { queueDefinitions } from "../jobs/queues";
import type { ServiceDeps } from "./deps";

/** A job that ended without doing its work: staff see it, with its reason, in the dead-letter view. */
export interface FailedJob {
  id: string;
  queue: string;
  /** `failed`: pg-boss gave up (retries exhausted, expired, threw). `completed`: an ingest that recorded a permanent failure on its row. */
  state: "failed" | "completed";
  data: unknown;
  output: unknown;
  /** The readable reason: the job's error message, else the generation's `media_error`. */
  reason: string | null;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date;
}

/** Jobs one `findJobs` page reads; a queue's whole kept history is read a page at a time. */
const FIND_PAGE = 1_000;

/** A failed job, or a media-ingest that completed by recording a permanent failure (bad file, refused host, expired link). */
function isDeadLetter(job: JobWithMetadata): job is JobWithMetadata & { completedOn: Date } {
  if (!job.completedOn) return false;
  if (job.state === "failed") return true;
  const outcome = (job.output as { outcome?: unknown } | null)?.outcome;
  return job.name === "media-ingest" && job.state === "completed" && (outcome === "failed" || outcome === "expired");
}

/** Every dead letter pg-boss still keeps for `queue` (its history lasts LENSROOM_RETENTION_DAYS), read through `findJobs`. */
async function deadLettersOf(boss: JobQueue["boss"], queue: string) {
  const dead: Array<JobWithMetadata & { completedOn: Date }> = [];
  for (let after: string | undefined; ;) {
    const page = await boss.findJobs<object>(queue, { limit: FIND_PAGE, ...(after ? { after } : {}) });
    dead.push(...page.filter(isDeadLetter));
    if (page.length < FIND_PAGE) return dead;
    after = page.at(-1)?.id;
  }
}

const errorMessageOf = (output: unknown): string | null => {
  const parsed = z
    .object({ message: z.string() })
    .or(z.object({ value: z.object({ message: z.string() }) }))
    .safeParse(output);
  if (!parsed.success) return null;
  return "message" in parsed.data ? parsed.data.message : parsed.data.value.message;
};

/**
 * Dead letters, newest first, keyset-paged on (completedOn, id): jobs pg-boss failed for good, plus media-ingest
 * jobs that completed by recording a permanent failure. pg-boss's `findJobs` has no state filter, so each asked
 * queue's kept jobs are read and filtered here: the cost grows with the job history (LENSROOM_RETENTION_DAYS), which
 * is fine for a staff page.
 */
export async function listFailedJobs(
  deps: Pick<ServiceDeps, "db"> & { jobs: Pick<JobQueue, "boss"> },
  options: { queue?: string; limit?: number; cursor?: string | null } = {},
): Promise<{ items: FailedJob[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const queues = options.queue ? [options.queue].filter((q) => q in queueDefinitions) : Object.keys(queueDefinitions);
  const dead = (await Promise.all(queues.map((queue) => deadLettersOf(deps.jobs.boss, queue)))).flat();
  const afterTime = after ? new Date(after.at).getTime() : null;
  const page = dead
    .filter((job) => afterTime === null || !after || job.completedOn.getTime() < afterTime || (job.completedOn.getTime() === afterTime && job.id < after.id))
    .toSorted((a, b) => b.completedOn.getTime() - a.completedOn.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .slice(0, limit + 1);
  const generationIds = page.flatMap((job) => {
    const id = job.name === "media-ingest" ? (job.data as { generationId?: unknown }).generationId : undefined;
    return z.uuid().safeParse(id).success ? [String(id)] : [];
  });
  const mediaErrors = new Map(
    generationIds.length === 0
      ? []
      : (await deps.db.select({ id: generations.id, mediaError: generations.mediaError }).from(generations).where(inArray(generations.id, generationIds))).map(
          (g) => [g.id, g.mediaError],
        ),
  );
  const items = page.slice(0, limit).map((job): FailedJob => ({
    id: job.id,
    queue: job.name,
    state: job.state === "failed" ? "failed" : "completed",
    data: job.data,
    output: job.output,
    reason: errorMessageOf(job.output) ?? mediaErrors.get(String((job.data as { generationId?: unknown }).generationId)) ?? null,
    retryCount: job.retryCount,
    retryLimit: job.retryLimit,
    createdOn: job.createdOn,
    startedOn: job.startedOn ?? null,
    completedOn: job.completedOn,
  }));
  const last = items.at(-1);
  return { items, nextCursor: page.length > limit && last ? encodeCursor({ at: last.completedOn.toISOString(), id: last.id }) : null };
}
