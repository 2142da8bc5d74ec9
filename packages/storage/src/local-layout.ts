import { basename, dirname, join, resolve, sep } from "node:path";
import { BUCKET, parseListPrefix } from "./bucket";
import { StorageError } from "./errors";
import { parseReadablePath } from "./readable-path";

/**
 * On-disk layout of the local driver:
 *   <rootDir>/generations.bucket.json                    bucket settings
 *   <rootDir>/generations/<user>/<gen>/<name>            object bytes
 *   <rootDir>/generations/<user>/<gen>/.<name>.meta.json object metadata (hidden sidecar)
 *   <rootDir>/generations/<user>/<gen>/.<name>.*.tmp     in-flight writes (hidden, same dir for atomic rename)
 * Objects at the old site's layouts (`<user>/image/<name>`, `<user>/<name>`) sit the same way in their own folders.
 */
export function bucketSettingsFile(rootDir: string): string {
  return join(resolve(rootDir), `${BUCKET}.bucket.json`);
}

export function bucketDir(rootDir: string): string {
  return join(resolve(rootDir), BUCKET);
}

/**
 * Absolute file of a readable object path; re-checks containment as defence in depth. Uploads check the strict
 * layout before they get here, so only reads and removals reach old paths.
 */
export function objectFile(rootDir: string, path: string): string {
  const { segments } = parseReadablePath(path);
  return insideBucket(rootDir, join(bucketDir(rootDir), ...segments));
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
