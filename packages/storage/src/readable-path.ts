import { StorageError } from "./errors";

/** Canonical (lower-case) UUID, as Postgres and Supabase Auth print them. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/**
 * One segment of a readable path: letters, digits, `_`, `-`, `.`, never starting with a dot. That refuses `.` and
 * `..`, and the local driver's hidden sidecars and temp files (`.<name>.meta.json`), which are not objects.
 */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}$/;
export const READABLE_PATH_MAX_LENGTH = 512;

export interface ParsedReadablePath {
  /** The user id folder the object lives in. */
  ownerId: string;
  /** Every segment, the owner's included. */
  segments: string[];
}

/**
 * Parses a path an object may be READ from: ours (`<user>/<generation>/<name>`) and the old site's layouts
 * (`<user>/image/<gen>_<ms>.png`, `<user>/previews/<gen>_preview.webp`, `<user>/fal_<job>.mp4`, ...). The first
 * segment is the owner's UUID, 2–4 segments of safe characters (none empty or hidden), at most 512 characters. Writes keep
 * the strict `objectPath` layout; this only widens what can be served, downloaded and removed.
 */
export function parseReadablePath(path: string): ParsedReadablePath {
  if (path.length === 0 || path.length > READABLE_PATH_MAX_LENGTH) {
    throw invalid(`${JSON.stringify(path.slice(0, 80))} must be 1 to ${READABLE_PATH_MAX_LENGTH} characters`);
  }
  const segments = path.split("/");
  if (segments.length < 2 || segments.length > 4) throw invalid(`${JSON.stringify(path)} must have 2 to 4 segments`);
  const [ownerId = ""] = segments;
  if (!UUID.test(ownerId)) throw invalid(`${JSON.stringify(path)} must start with the owner's UUID`);
  const unsafe = segments.find((segment) => !SEGMENT.test(segment));
  if (unsafe !== undefined) throw invalid(`segment ${JSON.stringify(unsafe)} of ${JSON.stringify(path)} is not allowed`);
  return { ownerId, segments };
}

export function isReadablePath(path: string): boolean {
  try {
    parseReadablePath(path);
    return true;
  } catch {
    return false;
  }
}

/** The user id folder that owns a readable path. */
export function ownerOfReadablePath(path: string): string {
  return parseReadablePath(path).ownerId;
}

function invalid(detail: string): StorageError {
  return new StorageError("invalid_path", `Invalid object path: ${detail}`);
}
