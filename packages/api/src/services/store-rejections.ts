import type { Database, WebhookVerdict } from "@lensroom/db";

type Sql = Database["$client"];

export type RejectedVerdict = Extract<WebhookVerdict, "bad_signature" | "bad_request">;

/** One rejected callback as a sample keeps it: everything already cut to its bound. */
export interface RejectionSample {
  verdict: RejectedVerdict;
  reason: string;
  taskId: string | null;
  authScheme: string | null;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
}

/** Rejected callbacks gathered since the last write: how many per verdict, and the newest few of each. */
export interface RejectionBatch {
  counts: ReadonlyMap<RejectedVerdict, number>;
  samples: readonly RejectionSample[];
}

/** Samples kept per verdict: the newest ones. */
export const REJECTION_SAMPLES_KEPT = 50;

/**
 * Add a batch of rejected callbacks in ONE statement: the counts go onto this minute's row per verdict (one row per
 * minute and verdict, however many arrive), the samples are inserted, and each verdict's older samples beyond
 * REJECTION_SAMPLES_KEPT are deleted. Every part of one statement sees the table as it was before the statement, so
 * the delete keeps KEPT minus the new samples of that verdict; a batch carries at most KEPT samples per verdict.
 */
export async function storeRejections(sql: Sql, batch: RejectionBatch): Promise<void> {
  const counted = [...batch.counts].filter(([, n]) => n > 0);
  if (counted.length === 0 && batch.samples.length === 0) return;
  const samples = batch.samples;
  await sql`
    with counted as (
      insert into webhook_rejection_counts (minute, verdict, count)
      select date_trunc('minute', now()), c.verdict, c.n
      from unnest(${counted.map(([verdict]) => verdict)}::webhook_verdict[], ${counted.map(([, n]) => n)}::bigint[]) as c (verdict, n)
      on conflict (minute, verdict) do update set count = webhook_rejection_counts.count + excluded.count
    ),
    input as (
      select * from unnest(
        ${samples.map((s) => s.verdict)}::webhook_verdict[], ${samples.map((s) => s.reason)}::text[],
        ${samples.map((s) => s.taskId)}::text[], ${samples.map((s) => s.authScheme)}::text[],
        ${samples.map((s) => JSON.stringify(s.headers))}::jsonb[], ${samples.map((s) => s.body)}::text[],
        ${samples.map((s) => s.bodyBytes)}::int[]
      ) with ordinality as i (verdict, reason, task_id, auth_scheme, headers, body, body_bytes, ord)
    ),
    sampled as (
      insert into webhook_rejection_samples (verdict, reason, task_id, auth_scheme, headers, body, body_bytes)
      select verdict, reason, task_id, auth_scheme, headers, body, body_bytes from input order by ord
    ),
    fresh as (
      select verdict, count(*)::int as n from input group by verdict
    )
    delete from webhook_rejection_samples s
    using (
      select r.id from (
        select k.id, k.verdict, row_number() over (partition by k.verdict order by k.id desc) as place
        from webhook_rejection_samples k
      ) r left join fresh f on f.verdict = r.verdict
      where r.place > ${REJECTION_SAMPLES_KEPT} - coalesce(f.n, 0)
    ) old
    where s.id = old.id`;
}
