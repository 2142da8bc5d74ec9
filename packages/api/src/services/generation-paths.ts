import { isReadablePath, ownerOfReadablePath } from "@lensroom/storage";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Whether an object path is this generation's to keep in place and to remove with it: inside its own folder
 * (`{user}/{id}/…`), or at one of the old site's layouts in its owner's folder (`{user}/image/…`, `{user}/fal_…`).
 * A path in ANOTHER generation's folder, or another user's, never is: using it in place would let one row's delete
 * remove a file another row shows.
 */
export function isGenerationsOwnPath(path: string, userId: string, generationId: string): boolean {
  if (!isReadablePath(path) || ownerOfReadablePath(path) !== userId) return false;
  const segments = path.split("/");
  const inGenerationFolder = segments.length === 3 && UUID.test(segments[1] ?? "");
  return !inGenerationFolder || segments[1] === generationId;
}

/** True for paths outside the generation's own folder, i.e. objects the old site left at its own layouts. */
export function isOutsideGenerationFolder(path: string, userId: string, generationId: string): boolean {
  return !path.startsWith(`${userId}/${generationId}/`);
}

/**
 * Where the old site kept a generation's derivatives: named by its id in its owner's folder, so they are this
 * generation's and nobody else's. The adoption drops them from the row (the ingest makes new ones), and the delete
 * removes them with the row; a name that was never there is ignored by the driver.
 */
export function oldDerivativePaths(userId: string, generationId: string): string[] {
  return [`${userId}/previews/${generationId}_preview.webp`, `${userId}/previews/${generationId}_preview.mp4`, `${userId}/posters/${generationId}_poster.webp`];
}
