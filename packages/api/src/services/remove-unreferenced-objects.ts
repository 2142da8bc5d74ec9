import type { StorageDriver } from "@lensroom/storage";

/** Delete objects in a generation's folder that the row no longer references (e.g. an output whose type changed). */
export async function removeUnreferencedObjects(storage: StorageDriver, userId: string, generationId: string, keep: string[]) {
  const folder = `${userId}/${generationId}`;
  const entries = await storage.list(folder).catch(() => []);
  const stale = entries
    .filter((entry) => entry.bytes !== null)
    .map((entry) => `${folder}/${entry.name}`)
    .filter((objectKey) => !keep.includes(objectKey));
  if (stale.length > 0) await storage.remove(stale);
}
