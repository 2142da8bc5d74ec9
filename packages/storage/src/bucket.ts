import { StorageError } from "./errors";
import type { BucketInfo } from "./driver";
import { parseReadablePath } from "./readable-path";

/**
 * The one bucket holding every generated file. New objects are written at `<userId>/<generationId>/<name>`; objects
 * the old site left at its own layouts are readable in place (see `parseReadablePath`).
 */
export const BUCKET = "generations";
export const ALLOWED_MIME_TYPES = ["image/*", "video/*"] as const;
/** Supabase's "50 MB" limit accepts exactly 50,000,000 bytes. */
export const FILE_SIZE_LIMIT = 50_000_000;

export const bucketSpec: BucketInfo = {
  name: BUCKET,
  public: true,
  allowedMimeTypes: [...ALLOWED_MIME_TYPES],
  fileSizeLimit: FILE_SIZE_LIMIT,
};

/** Canonical (lower-case) UUID, as Postgres and Supabase Auth print them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `original.png`, `original-1.mp4`, `thumb.webp`: lower-case stem, one extension, no dots or slashes elsewhere. */
const FILE_NAME = /^[a-z0-9][a-z0-9_-]{0,62}\.[a-z0-9]{1,8}$/;
const MIME = /^([a-z0-9][a-z0-9!#$&^_.+-]{0,126})\/([a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/;

export interface ParsedObjectPath {
  userId: string;
  generationId: string;
  name: string;
}

function invalidPath(detail: string): StorageError {
  return new StorageError("invalid_path", `Invalid object path: ${detail}`);
}

/** Builds `${userId}/${generationId}/${name}`; throws `StorageError("invalid_path")` on anything unsafe. */
export function objectPath(userId: string, generationId: string, name: string): string {
  if (!UUID.test(userId)) throw invalidPath(`user id ${JSON.stringify(userId)} is not a UUID`);
  if (!UUID.test(generationId)) throw invalidPath(`generation id ${JSON.stringify(generationId)} is not a UUID`);
  if (!FILE_NAME.test(name)) throw invalidPath(`file name ${JSON.stringify(name)} is not allowed`);
  return `${userId}/${generationId}/${name}`;
}

/** Parses and validates an object path built by `objectPath`. */
export function parseObjectPath(path: string): ParsedObjectPath {
  const parts = path.split("/");
  if (parts.length !== 3) throw invalidPath(`${JSON.stringify(path)} must be <userId>/<generationId>/<name>`);
  const [userId = "", generationId = "", name = ""] = parts;
  objectPath(userId, generationId, name);
  return { userId, generationId, name };
}

/** The user id folder that owns an object path. */
export function ownerOfPath(path: string): string {
  return parseObjectPath(path).userId;
}

/**
 * Validates a folder prefix for listing: `<userId>` or `<userId>/<generationId>` (a trailing slash is allowed).
 * Listing the bucket root is refused on purpose: listing is per owner.
 */
export function parseListPrefix(prefix: string): string {
  const parts = prefix.replace(/\/$/, "").split("/");
  const valid = parts.length <= 2 && parts.every((part) => UUID.test(part));
  if (!valid) throw invalidPath(`list prefix ${JSON.stringify(prefix)} must be <userId> or <userId>/<generationId>`);
  return parts.join("/");
}

/** Normalises `Image/PNG; charset=x` to `image/png`; null when it is not a `type/subtype` media type. */
export function normalizeMime(mime: string): string | null {
  const bare = (mime.split(";")[0] ?? "").trim().toLowerCase();
  return MIME.test(bare) ? bare : null;
}

/** True when `mime` matches one of `allowed` (`image/*` style wildcards). Defaults to the bucket's list. */
export function isMimeAllowed(mime: string, allowed: readonly string[] | null = ALLOWED_MIME_TYPES): boolean {
  const bare = normalizeMime(mime);
  if (bare === null) return false;
  if (allowed === null) return true;
  const [type] = bare.split("/");
  return allowed.some((rule) => rule === bare || rule === `${type}/*` || rule === "*/*");
}

/** True when a bucket's settings are exactly the ones `bucketSpec` asks for (mime list compared as a set). */
export function matchesBucketSpec(info: BucketInfo): boolean {
  const mimes = [...(info.allowedMimeTypes ?? [])].sort();
  const wanted = [...ALLOWED_MIME_TYPES].sort();
  return (
    info.public === bucketSpec.public &&
    info.fileSizeLimit === bucketSpec.fileSizeLimit &&
    mimes.length === wanted.length &&
    mimes.every((mime, index) => mime === wanted[index])
  );
}

/** `<base>/generations/<path>` with each segment URI-encoded; any readable path (old layouts too). */
export function publicObjectUrl(publicBaseUrl: string, path: string): string {
  parseReadablePath(path);
  const encoded = [BUCKET, ...path.split("/")].map(encodeURIComponent).join("/");
  return `${publicBaseUrl.replace(/\/+$/, "")}/${encoded}`;
}
