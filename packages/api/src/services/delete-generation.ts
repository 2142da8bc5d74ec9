import { generations } from "@lensroom/db";
import { and, eq } from "drizzle-orm";

import type { ServiceDeps } from "./deps";
import { isGenerationsOwnPath, isOutsideGenerationFolder, oldDerivativePaths } from "./generation-paths";

/**
 * Delete one of the caller's generations and every object in its folder, and the objects it has at the old site's
 * layouts (`asset_path`, `output_paths` outside the folder, in the caller's own folder only; the old previews and
 * poster named by its id). The row goes first: a failure after it can leave an unreferenced file, never a row
 * pointing at a missing one. Returns false for ids that are not theirs.
 */
export async function deleteGeneration(deps: Pick<ServiceDeps, "db" | "storage">, userId: string, id: string): Promise<boolean> {
  const deleted = await deps.db
    .delete(generations)
    .where(and(eq(generations.id, id), eq(generations.userId, userId)))
    .returning({
      assetPath: generations.assetPath,
      outputPaths: generations.outputPaths,
      thumbnailPath: generations.thumbnailPath,
      previewPath: generations.previewPath,
    });
  const [row] = deleted;
  if (!row) return false;
  const folder = `${userId}/${id}`;
  const entries = await deps.storage.list(folder);
  const files = entries.filter((e) => e.bytes !== null).map((e) => `${folder}/${e.name}`);
  const referenced = [row.assetPath, ...(row.outputPaths ?? []), row.thumbnailPath, row.previewPath];
  const legacy = referenced.filter(
    (path): path is string => typeof path === "string" && isOutsideGenerationFolder(path, userId, id) && isGenerationsOwnPath(path, userId, id),
  );
  const toRemove = [...new Set([...files, ...legacy, ...oldDerivativePaths(userId, id)])];
  if (toRemove.length > 0) await deps.storage.remove(toRemove);
  return true;
}
