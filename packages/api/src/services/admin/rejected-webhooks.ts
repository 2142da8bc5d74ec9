import { webhookRejectionCounts, webhookRejectionSamples, type WebhookVerdict } from "@lensroom/db";
import { desc, eq, gt, sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import { SAMPLE_BODY_CHARS } from "../rejection-sample";
import { REJECTION_SAMPLES_KEPT, type RejectedVerdict } from "../store-rejections";

export const REJECTED_VERDICTS = ["bad_signature", "bad_request"] as const satisfies readonly RejectedVerdict[];

/**
 * Rejected callbacks as staff see them: per verdict, how many arrived in the last hour and the last 24 hours (from
 * the per-minute counts), and the newest kept samples, newest first (optionally of one verdict).
 */
export async function rejectedWebhookSummary(deps: Pick<ServiceDeps, "db">, options: { verdict?: RejectedVerdict; sampleLimit: number }, now = new Date()) {
  const hourAgo = new Date(now.getTime() - 3600 * 1000);
  const dayAgo = new Date(now.getTime() - 24 * 3600 * 1000);
  const [counted, samples] = await Promise.all([
    deps.db
      .select({
        verdict: webhookRejectionCounts.verdict,
        lastHour:
          sql<number>`coalesce(sum(${webhookRejectionCounts.count}) filter (where ${webhookRejectionCounts.minute} > ${hourAgo.toISOString()}::timestamptz), 0)::bigint`.mapWith(
            Number,
          ),
        last24h: sql<number>`coalesce(sum(${webhookRejectionCounts.count}), 0)::bigint`.mapWith(Number),
      })
      .from(webhookRejectionCounts)
      .where(gt(webhookRejectionCounts.minute, dayAgo))
      .groupBy(webhookRejectionCounts.verdict),
    deps.db
      .select()
      .from(webhookRejectionSamples)
      .where(options.verdict ? eq(webhookRejectionSamples.verdict, options.verdict) : undefined)
      .orderBy(desc(webhookRejectionSamples.id))
      .limit(options.sampleLimit),
  ]);
  const byVerdict = new Map<WebhookVerdict, { lastHour: number; last24h: number }>(counted.map((c) => [c.verdict, c]));
  return {
    counts: REJECTED_VERDICTS.map((verdict) => ({ verdict, lastHour: byVerdict.get(verdict)?.lastHour ?? 0, last24h: byVerdict.get(verdict)?.last24h ?? 0 })),
    samples,
    samplesKept: REJECTION_SAMPLES_KEPT,
    sampleBodyChars: SAMPLE_BODY_CHARS,
  };
}
