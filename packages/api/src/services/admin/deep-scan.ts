import { generations } from "@lensroom/db";
import { desc, isNotNull } from "drizzle-orm";

import type { ServiceDeps } from "../deps";

/**
 * Confirm that objects referenced by rows exist in storage (a row can point at a deleted file). Bounded to the
 * newest `limit` rows with an asset; checks run a few at a time.
 */
export async function deepScanObjects(deps: Pick<ServiceDeps, "db" | "storage">, limit = 500) {
  const rows = await deps.db
    .select({
      id: generations.id,
      taskId: generations.taskId,
      assetPath: generations.assetPath,
      thumbnailPath: generations.thumbnailPath,
      previewPath: generations.previewPath,
    })
    .from(generations)
    .where(isNotNull(generations.assetPath))
    .orderBy(desc(generations.createdAt))
    .limit(limit);
  const missing: { id: string; taskId: string | null; path: string }[] = [];
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      for (const objectKey of [row.assetPath, row.thumbnailPath, row.previewPath]) {
        if (objectKey && !(await deps.storage.exists(objectKey))) missing.push({ id: row.id, taskId: row.taskId, path: objectKey });
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { scanned: rows.length, missing };
}
