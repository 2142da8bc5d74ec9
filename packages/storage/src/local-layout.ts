import { basename, dirname, join, resolve, sep } from "node:path";
import { BUCKET, parseListPrefix, parseObjectPath } from "./bucket";
import { StorageError } from "./errors";

/**
 * On-disk layout of the local driver:
 *   <rootDir>/generations.bucket.json                    bucket settings
 *   <rootDir>/generations/<user>/<gen>/<name>            object bytes
 *   <rootDir>/generations/<user>/<gen>/.<name>.meta.json object metadata (hidden sidecar)
 *   <rootDir>/generations/<user>/<gen>/.<name>.*.tmp     in-flight writes (hidden, same dir for atomic rename)
 */
export function bucketSettingsFile(rootDir: string): string {
  return join(resolve(rootDir), `${BUCKET}.bucket.json`);
}

export function bucketDir(rootDir: string): string {
  return join(resolve(rootDir), BUCKET);
}

/** Absolute file of a validated object path; re-checks containment as defence in depth. */
export function objectFile(rootDir: string, path: string): string {
  const { userId, generationId, name } = parseObjectPath(path);
  return insideBucket(rootDir, join(bucketDir(rootDir), userId, generationId, name));
}

export function folderDir(rootDir: string, prefix: string): string {
  return insideBucket(rootDir, join(bucketDir(rootDir), ...parseListPrefix(prefix).split("/")));
}

export function metaFileOf(file: string): string {
  return join(dirname(file), `.${basename(file)}.meta.json`);
}

/** Object files are never hidden; sidecars and temp files always are. */
export function isHiddenEntry(name: string): boolean {
  return name.startsWith(".");
}

function insideBucket(rootDir: string, file: string): string {
  if (!resolve(file).startsWith(bucketDir(rootDir) + sep)) {
    throw new StorageError("invalid_path", "Object path escapes the bucket directory");
  }
  return file;
}
