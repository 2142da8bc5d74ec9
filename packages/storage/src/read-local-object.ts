import { open, type FileHandle } from "node:fs/promises";
import { isErrno } from "./atomic-file";
import { readBucketSettings, readObjectMeta } from "./local-metadata";
import { objectFile } from "./local-layout";

export const DEFAULT_CACHE_CONTROL = "public, max-age=3600";

/** An open object ready to be served. The caller owns `handle` and must close it (or stream it with autoClose). */
export interface LocalObject {
  handle: FileHandle;
  bytes: number;
  lastModified: Date;
  contentType: string;
  etag: string;
  cacheControl: string;
}

/**
 * Opens an object of the local store for reading. Returns null when the path is invalid, the object is missing,
 * or the bucket is missing or not public. Size and dates come from the open file itself; the sidecar is trusted
 * only when it describes that exact file version (a crash between the two renames leaves it stale).
 */
export async function readLocalObject(rootDir: string, path: string): Promise<LocalObject | null> {
  let file: string;
  try {
    file = objectFile(rootDir, path);
  } catch {
    return null;
  }
  const bucket = await readBucketSettings(rootDir);
  if (bucket === null || !bucket.public) return null;
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if (isErrno(error, "ENOENT") || isErrno(error, "EISDIR")) return null;
    throw error;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      return null;
    }
    const meta = await readObjectMeta(file);
    const current = meta !== null && meta.bytes === stat.size && meta.mtimeMs === stat.mtimeMs;
    return {
      handle,
      bytes: stat.size,
      lastModified: stat.mtime,
      contentType: current ? meta.contentType : "application/octet-stream",
      etag: current ? `"${meta.sha256}"` : `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
      cacheControl: current ? meta.cacheControl : DEFAULT_CACHE_CONTROL,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
