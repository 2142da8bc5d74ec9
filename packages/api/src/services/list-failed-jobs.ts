import { sql } from "drizzle-orm";
import { z } from "zod";

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
  archived: boolean;
}

const row = z.object({
  id: z.string(),
  name: z.string(),
  state: z.enum(["failed", "completed"]),
  data: z.unknown(),
  output: z.unknown(),
  reason: z.string().nullable(),
  retry_count: z.coerce.number(),
  retry_limit: z.coerce.number(),
  created_on: z.coerce.date(),
  started_on: z.coerce.date().nullable(),
  completed_on: z.coerce.date(),
  archived: z.boolean(),
});

const cursorSchema = z.object({ completedOn: z.iso.datetime(), id: z.uuid() });

const encodeFailedJobsCursor = (job: Pick<FailedJob, "completedOn" | "id">) =>
  Buffer.from(JSON.stringify({ completedOn: job.completedOn.toISOString(), id: job.id })).toString("base64url");

function decodeCursor(cursor: string) {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new InvalidCursorError();
  }
}

export class InvalidCursorError extends Error {
  readonly code = "invalid_cursor";
  constructor() {
    super("The page cursor is not valid");
  }
}

/**
 * Dead letters, newest first, keyset-paged on (completed_on, id): jobs pg-boss failed for good (live and archived),
 * plus media-ingest jobs that completed by recording a permanent failure (bad file, refused host, expired link).
 */
export async function listFailedJobs(
  deps: Pick<ServiceDeps, "db">,
  options: { queue?: string; limit?: number; cursor?: string | null } = {},
): Promise<{ items: FailedJob[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  const deadLetter = sql`(j.state = 'failed' or (j.name = 'media-ingest' and j.state = 'completed' and j.output->>'outcome' in ('failed', 'expired')))`;
  const columns = sql`j.id, j.name, j.state::text as state, j.data, j.output, j.retry_count, j.retry_limit, j.created_on, j.started_on, j.completed_on`;
  const result = await deps.db.execute(sql`
    with dead as (
      select ${columns}, false as archived from pgboss.job j where ${deadLetter}
      union all
      select ${columns}, true as archived from pgboss.archive j where ${deadLetter}
    )
    select d.*,
      coalesce(d.output->>'message', d.output->'value'->>'message', g.media_error) as reason
    from dead d
    left join generations g on d.name = 'media-ingest' and g.id::text = d.data->>'generationId'
    where (${options.queue ?? null}::text is null or d.name = ${options.queue ?? null})
      and (${after?.completedOn ?? null}::timestamptz is null or (d.completed_on, d.id) < (${after?.completedOn ?? null}::timestamptz, ${after?.id ?? null}::uuid))
    order by d.completed_on desc, d.id desc
    limit ${limit + 1}
  `);
  const rows = z.array(row).parse(result);
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    queue: r.name,
    state: r.state,
    data: r.data,
    output: r.output,
    reason: r.reason,
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    createdOn: r.created_on,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    archived: r.archived,
  }));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeFailedJobsCursor(last) : null };
}
