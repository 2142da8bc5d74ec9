import { readdir, rmdir, stat, unlink } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import { bucketSpec, matchesBucketSpec, publicObjectUrl } from "./bucket";
import { isErrno } from "./atomic-file";
import type { ListEntry, StorageDriver } from "./driver";
import { downloadLocalObject } from "./download-local-object";
import { toStorageError } from "./errors";
import { bucketDir, folderDir, isHiddenEntry, metaFileOf, objectFile } from "./local-layout";
import { readBucketSettings, writeBucketSettings } from "./local-metadata";
import { isFile, writeLocalObject } from "./write-local-object";

export { readLocalObject, DEFAULT_CACHE_CONTROL, type LocalObject } from "./read-local-object";

export interface LocalStorageConfig {
  /** Directory holding `generations/` and `generations.bucket.json`. */
  rootDir: string;
  /** Base of public URLs, e.g. `http://localhost:3000/storage/v1/object/public`. */
  publicBaseUrl: string;
}

/** A file-system driver with Supabase Storage's rules, for development and tests. */
export function createLocalStorageDriver({ rootDir, publicBaseUrl }: LocalStorageConfig): StorageDriver {
  return {
    kind: "local",
    async ensureBucket() {
      const current = await readBucketSettings(rootDir);
      if (current !== null && matchesBucketSpec(current)) return current;
      await writeBucketSettings(rootDir, bucketSpec).catch((error: unknown) => {
        throw toStorageError(error, "cannot write bucket settings");
      });
      return { ...bucketSpec };
    },
    getBucket: () => readBucketSettings(rootDir),
    upload: (path, body, opts) => writeLocalObject(rootDir, path, body, opts),
    download: (path, destFile, opts) => downloadLocalObject(rootDir, path, destFile, opts),
    async remove(paths) {
      const files = paths.map((path) => objectFile(rootDir, path));
      try {
        for (const file of files) {
          await unlinkIfPresent(file);
          await unlinkIfPresent(metaFileOf(file));
          await pruneEmptyFolders(rootDir, dirname(file));
        }
      } catch (error) {
        throw toStorageError(error, "remove failed");
      }
    },
    exists: (path) => isFile(objectFile(rootDir, path)),
    async list(prefix) {
      const dir = folderDir(rootDir, prefix);
      return listFolder(dir).catch((error: unknown) => {
        throw toStorageError(error, `list of ${prefix} failed`);
      });
    },
    publicUrl: (path) => publicObjectUrl(publicBaseUrl, path),
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ""),
  };
}

async function listFolder(dir: string): Promise<ListEntry[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, "ENOENT")) return [];
    throw error;
  }
  const visible = entries.filter((entry) => !isHiddenEntry(entry.name) && (entry.isFile() || entry.isDirectory()));
  const listed = await Promise.all(
    visible.map(async (entry): Promise<ListEntry> => ({
      name: entry.name,
      bytes: entry.isFile() ? (await stat(join(dir, entry.name))).size : null,
    })),
  );
  return listed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function unlinkIfPresent(file: string): Promise<void> {
  await unlink(file).catch((error: unknown) => {
    if (!isErrno(error, "ENOENT")) throw error;
  });
}

/** Supabase has no empty folders: drop the generation and user folders once they hold nothing. */
async function pruneEmptyFolders(rootDir: string, dir: string): Promise<void> {
  const top = bucketDir(rootDir);
  for (let current = dir; current.startsWith(top + sep); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
  }
}
