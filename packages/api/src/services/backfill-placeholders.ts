import { generations } from "@lensroom/db";
import { placeholderDataUrl } from "@lensroom/media/placeholder";
import { and, asc, eq, isNotNull, isNull } from "drizzle-orm";

import type { ServiceDeps } from "./deps";

const BATCH = 200;

/**
 * Draws the placeholder of rows ingested before placeholders were stored at ingest: rows with a ThumbHash and no
 * placeholder, one bounded batch per sweep (the partial index `generations_placeholder_backfill_idx` finds them).
 * A hash that is not a ThumbHash gets an empty string, so it is not picked again and the listing shows none.
 */
export async function backfillPlaceholders(deps: Pick<ServiceDeps, "db">, limit = BATCH): Promise<number> {
  const pending = await deps.db
    .select({ id: generations.id, thumbhash: generations.thumbhash })
    .from(generations)
    .where(and(isNotNull(generations.thumbhash), isNull(generations.placeholder)))
    .orderBy(asc(generations.id))
    .limit(limit);
  for (const row of pending) {
    if (row.thumbhash === null) continue;
    const placeholder = (await placeholderDataUrl(row.thumbhash)) ?? "";
    // Only where the hash is still the one drawn: an ingest that ran meanwhile stored its own pair.
    await deps.db
      .update(generations)
      .set({ placeholder })
      .where(and(eq(generations.id, row.id), eq(generations.thumbhash, row.thumbhash), isNull(generations.placeholder)));
  }
  return pending.length;
}
