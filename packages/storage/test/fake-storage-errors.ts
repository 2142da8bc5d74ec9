/**
 * Error replies as Supabase Storage renders them (supabase/storage `src/internal/errors/codes.ts` and
 * `src/http/error-handler.ts`): the HTTP status is 400 for everything below 500, and the real status travels as a
 * string in the body's `statusCode`, next to the error `code`, the older `error` word and a `message`.
 */
export type Reply = { status: number; body: unknown; contentType?: string };

/** How a rejected key is answered: by Storage itself, by the hosted API gateway in front of it, or by old servers. */
export type KeyRejection = "storage" | "gateway" | "legacy";

function storageError(statusCode: number, code: string, error: string, message: string): Reply {
  return { status: statusCode >= 500 ? 500 : 400, body: { statusCode: String(statusCode), code, error, message } };
}

export const noSuchBucket = (): Reply => storageError(404, "NoSuchBucket", "Bucket not found", "Bucket not found");
export const noSuchKey = (): Reply => storageError(404, "NoSuchKey", "not_found", "Object not found");
export const invalidMimeType = (mime: string): Reply => storageError(415, "InvalidMimeType", "invalid_mime_type", `mime type ${mime} is not supported`);
export const entityTooLarge = (): Reply => storageError(413, "EntityTooLarge", "Payload too large", "The object exceeded the maximum allowed size");
export const bucketAlreadyExists = (): Reply => storageError(409, "BucketAlreadyExists", "Duplicate", "The resource already exists");
export const keyAlreadyExists = (): Reply => storageError(409, "KeyAlreadyExists", "Duplicate", "The resource already exists");
/** What a key that is not the service role gets for a write: row-level security refuses it. */
export const rowLevelSecurity = (): Reply => storageError(403, "AccessDenied", "Unauthorized", "new row violates row-level security policy");
export const noRoute = (method: string, path: string): Reply => ({
  status: 404,
  body: { statusCode: "404", code: "InvalidRequest", error: "Not Found", message: `Route ${method}:${path} not found` },
});

/**
 * A key whose signature does not verify. Storage's JWT check throws AccessDenied with jsonwebtoken's message; the
 * hosted gateway answers an unknown `apikey` itself with a 401; servers before 2024 sent only `statusCode: "400"`
 * and the message.
 */
export function keyRejected(how: KeyRejection): Reply {
  if (how === "gateway") {
    return { status: 401, body: { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." } };
  }
  if (how === "legacy") return { status: 400, body: { statusCode: "400", error: "invalid signature", message: "invalid signature" } };
  return storageError(403, "AccessDenied", "Unauthorized", "invalid signature");
}
