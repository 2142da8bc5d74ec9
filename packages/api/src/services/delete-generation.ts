import { generations } from "@lensroom/db";
import { and, eq } from "drizzle-orm";

import type { ServiceDeps } from "./deps";

/**
 * Delete one of the caller's generations and every object in its folder. The row goes first: a failure after it
 * can leave an unreferenced file, never a row pointing at a missing one. Returns false for ids that are not theirs.
 */
export async function deleteGeneration(deps: Pick<ServiceDeps, "db" | "storage">, userId: string, id: string): Promise<boolean> {
  const deleted = await deps.db
    .delete(generations)
    .where(and(eq(generations.id, id), eq(generations.userId, userId)))
    .returning({ id: generations.id });
  if (deleted.length === 0) return false;
  const folder = `${userId}/${id}`;
  const entries = await deps.storage.list(folder);
  const files = entries.filter((e) => e.bytes !== null).map((e) => `${folder}/${e.name}`);
  if (files.length > 0) await deps.storage.remove(files);
  return true;
}
