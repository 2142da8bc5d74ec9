import { readFile, rm } from "node:fs/promises";

import { generations } from "@lensroom/db";
import { deriveImage, deriveVideo, isMediaError } from "@lensroom/media";
import { placeholderDataUrl } from "@lensroom/media/placeholder";
import { objectPath } from "@lensroom/storage";
import { and, eq, sql } from "drizzle-orm";

import { downloadAllowedHosts } from "../env";
import { errorMessage, generationLogger } from "../log/logger";
import { getMetrics } from "../metrics/registry";
import { resyncCanHelp, resyncCanHelpCondition } from "../rules/resync-can-help";
import type { CopiedOutput, CopyOutputsDeps } from "./copy-outputs";
import type { ServiceDeps } from "./deps";
import { gatherOutputs, planSources } from "./gather-outputs";
import { classifyIngestError, ingestFailureReason } from "./ingest-errors";
import { createIngestTempDir } from "./ingest-temp-dir";
import { ownBucketPath } from "./own-bucket-path";
import { removeUnreferencedObjects } from "./remove-unreferenced-objects";
import { uploadWithRetry } from "./upload-with-retry";

/** Overrides of the download policy the env implies (tests run the production policy over loopback with them). */
export type DownloadPolicyOverrides = Partial<Pick<CopyOutputsDeps, "allowedHosts" | "allowPrivateAddresses" | "lookup">>;

export type IngestOutcome = "ingested" | "already_done" | "not_found" | "nothing_to_ingest" | "skipped_failed" | "failed" | "expired";

/** Thumbnail, preview and placeholder from the first output: a photo itself, or a video's poster frame. */
async function derive(output: CopiedOutput, type: string) {
  const timer = getMetrics().deriveDuration.startTimer({ type });
  try {
    const derived =
      output.media.kind === "video" ? await deriveVideo(output.filePath) : { ...(await deriveImage(await readFile(output.filePath))), durationMs: null };
    return { ...derived, placeholder: await placeholderDataUrl(derived.thumbhash) };
  } finally {
    timer();
  }
}

/**
 * Copy a generation's outputs into the bucket, derive thumbnail, preview and placeholder, and publish them with
 * ONE conditional row update. Uploads happen before the update, at deterministic paths, so a crash at any point
 * leaves the row pointing only at complete objects, and a retry converges. A row whose file is in the bucket
 * already (`asset_path`, maybe at the old site's layout) is read from there: only the derivatives are uploaded.
 *
 * Retryable failures are thrown for the job engine to retry; permanent ones (and the last attempt) are recorded.
 */
export async function ingestGeneration(
  deps: ServiceDeps,
  generationId: string,
  options: { rederive?: boolean; finalAttempt?: boolean; download?: DownloadPolicyOverrides } = {},
): Promise<IngestOutcome> {
  const [row] = await deps.db.select().from(generations).where(eq(generations.id, generationId));
  if (!row) return "not_found";
  if (!resyncCanHelp(row)) return "skipped_failed"; // a failure KIE reported: nothing to copy
  if (!options.rederive && row.mediaStatus === "ready" && row.assetPath && row.thumbnailPath) return "already_done";

  const plan = planSources(row, options.rederive ?? false);
  if (plan === null) return "nothing_to_ingest";
  const log = generationLogger(row);
  log.info({ rederive: options.rederive ?? false }, "ingest started");

  // `updated_at` marks the attempt, so the sweep spaces its re-queues of rows that stay unhealed.
  await deps.db
    .update(generations)
    .set({
      mediaAttempts: sql`${generations.mediaAttempts} + 1`,
      mediaStatus: row.mediaStatus === "ready" ? "ready" : "pending",
      updatedAt: new Date(),
    })
    .where(eq(generations.id, row.id));

  const metrics = getMetrics();
  const timer = metrics.ingestDuration.startTimer({ type: row.type });
  /** What this attempt came to; `retrying` while it ends in an error the job engine retries. */
  let outcome: IngestOutcome | "retrying" = "retrying";
  const tempDir = await createIngestTempDir();
  try {
    const { outputs, outputPaths } = await gatherOutputs(
      {
        kie: deps.kie,
        storage: deps.storage,
        allowedHosts: downloadAllowedHosts(deps.env),
        allowPrivateAddresses: deps.env.LENSROOM_MODE === "embedded",
        tempDir,
        bucketPathOf: (url) => ownBucketPath(deps, url),
        ...options.download,
      },
      { userId: row.userId, generationId: row.id },
      plan,
    );
    const first = outputs[0];
    if (!first) return (outcome = "nothing_to_ingest");

    const version = Date.now();
    const versioned = (objectKey: string) => `${deps.storage.publicUrl(objectKey)}?v=${version}`;
    let media: Partial<typeof generations.$inferInsert> = { mediaStatus: "ready", mediaError: null };
    try {
      const derived = await derive(first, row.type);
      const thumbPath = objectPath(row.userId, row.id, "thumb.webp");
      const previewPath = objectPath(row.userId, row.id, "preview.webp");
      const webp = { contentType: "image/webp", upsert: true, cacheControl: "31536000" };
      await uploadWithRetry(deps.storage, thumbPath, () => derived.thumb.data, webp);
      await uploadWithRetry(deps.storage, previewPath, () => derived.preview.data, webp);
      media = {
        ...media,
        thumbnailPath: thumbPath,
        thumbnailUrl: versioned(thumbPath),
        previewPath,
        previewUrl: versioned(previewPath),
        width: derived.width,
        height: derived.height,
        durationMs: derived.durationMs,
        thumbhash: derived.thumbhash,
        placeholder: derived.placeholder,
      };
    } catch (error) {
      // An original no decoder can read is not a result: fail the generation (the copy is removed below).
      if (isMediaError(error) && (error.code === "corrupt" || error.code === "unsupported")) throw error;
      const verdict = classifyIngestError(error);
      if (verdict.retryable && !options.finalAttempt) throw error;
      metrics.mediaFailures.inc({ reason: ingestFailureReason(error), final: "true" });
      log.warn({ reason: ingestFailureReason(error), err: errorMessage(error) }, "preview could not be made; publishing the original without it");
      // The original is safe in the bucket; the tile falls back to it and staff can re-derive.
      media = { mediaStatus: "failed", mediaError: `Preview could not be made: ${verdict.reason}` };
    }

    const published = await deps.db
      .update(generations)
      .set({
        ...media,
        status: "success",
        assetPath: first.path,
        assetUrl: versioned(first.path),
        assetMime: first.media.mime,
        assetBytes: first.bytes,
        outputPaths,
        mediaVersion: version,
        updatedAt: new Date(),
      })
      .where(and(eq(generations.id, row.id), resyncCanHelpCondition))
      .returning({ id: generations.id });
    if (published.length > 0) {
      const keep = [first.path, ...outputPaths, media.thumbnailPath ?? row.thumbnailPath, media.previewPath ?? row.previewPath];
      await removeUnreferencedObjects(
        deps.storage,
        row.userId,
        row.id,
        keep.filter((p): p is string => Boolean(p)),
      );
    }
    return (outcome = "ingested");
  } catch (error) {
    const verdict = classifyIngestError(error);
    const final = !(verdict.retryable && !options.finalAttempt);
    metrics.mediaFailures.inc({ reason: ingestFailureReason(error), final: String(final) });
    log.warn({ reason: ingestFailureReason(error), final, err: verdict.reason }, final ? "ingest failed for good" : "ingest failed; the job is retried");
    if (!final) throw error;
    const [recorded] = await deps.db
      .update(generations)
      .set({
        mediaStatus: verdict.expired ? "expired" : "failed",
        mediaError: verdict.reason,
        // Only a generation that never got its asset changes status; a finished one keeps showing what it has.
        status: sql`case when ${generations.assetPath} is null then ${verdict.expired ? "expired" : "failed"}::generation_status else ${generations.status} end`,
        // KIE's links answered 404/410 even after asking KIE for fresh ones: the result is gone upstream, with that
        // reason, and dead links are not kept as a result.
        ...(verdict.expired && row.taskId
          ? { errorCode: sql`case when ${generations.assetPath} is null then 'kie_result_expired' else ${generations.errorCode} end`, resultUrls: null }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(generations.id, row.id), resyncCanHelpCondition))
      .returning({
        assetPath: generations.assetPath,
        outputPaths: generations.outputPaths,
        thumbnailPath: generations.thumbnailPath,
        previewPath: generations.previewPath,
      });
    // Outputs copied before the failure (output 1 of 2, say) are referenced by nothing: remove them.
    if (recorded) {
      const keep = [recorded.assetPath, ...(recorded.outputPaths ?? []), recorded.thumbnailPath, recorded.previewPath];
      await removeUnreferencedObjects(
        deps.storage,
        row.userId,
        row.id,
        keep.filter((p): p is string => Boolean(p)),
      );
    }
    return (outcome = verdict.expired ? "expired" : "failed");
  } finally {
    const seconds = timer({ outcome });
    log.info({ outcome, seconds }, "ingest finished");
    await rm(tempDir, { recursive: true, force: true });
  }
}
