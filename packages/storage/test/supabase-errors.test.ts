import { StorageApiError } from "@supabase/storage-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mapSupabaseError, storageErrorFromReply } from "../src/supabase-errors";
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from "./fake-supabase-storage";

// Error replies as supabase/storage renders them (and as older servers and the hosted gateway do), mapped by their
// `code` and body `statusCode` rather than by the HTTP status, which is 400 for nearly all of them.
describe("storageErrorFromReply", () => {
  const body = (statusCode: string, code: string | undefined, message: string) => ({ statusCode, code, error: "x", message });

  it.each([
    ["a missing object", 400, body("404", "NoSuchKey", "Object not found"), "not_found", 404],
    ["a missing bucket on an object call", 400, body("404", "NoSuchBucket", "Bucket not found"), "bucket_missing", 404],
    ["a refused mime type", 400, body("415", "InvalidMimeType", "mime type text/plain is not supported"), "mime_not_allowed", 415],
    ["an object over the limit", 400, body("413", "EntityTooLarge", "The object exceeded the maximum allowed size"), "too_large", 413],
    ["an existing bucket", 400, body("409", "BucketAlreadyExists", "The resource already exists"), "duplicate", 409],
    ["an existing object", 400, body("409", "KeyAlreadyExists", "The resource already exists"), "duplicate", 409],
    ["an invalid object key", 400, body("400", "InvalidKey", "Invalid key: a//b"), "invalid_path", 400],
    ["a JWT that does not verify", 400, body("403", "AccessDenied", "invalid signature"), "key_rejected", 403],
    ["an InvalidJWT code", 400, body("400", "InvalidJWT", "jwt malformed"), "key_rejected", 400],
    ["an old server's bare message", 400, { statusCode: "400", error: "invalid signature", message: "invalid signature" }, "key_rejected", 400],
    ["the gateway's unknown key", 401, { message: "Invalid API key", hint: "Double check" }, "key_rejected", 401],
    ["a bare 403", 403, "Forbidden", "key_rejected", 403],
    ["a busy database", 429, body("429", "SlowDown", "Too many connections issued to the database"), "unavailable", 429],
    ["a database timeout", 544, body("544", "DatabaseTimeout", "The connection to the database timed out"), "unavailable", 544],
    ["an internal error", 500, body("500", "InternalError", "Internal server error"), "unavailable", 500],
    ["an unknown 400", 400, body("400", "InvalidRequest", "body must have required property 'prefix'"), "unknown", 400],
  ] as const)("maps %s", (_what, httpStatus, reply, code, status) => {
    expect(storageErrorFromReply(httpStatus, reply, "not_found")).toMatchObject({ code, status });
  });

  it("gives a 404 without a code the meaning the call asks for", () => {
    expect(storageErrorFromReply(404, { statusCode: "404", message: "Not Found" }, "bucket_missing").code).toBe("bucket_missing");
    expect(storageErrorFromReply(400, { statusCode: "404", message: "Not Found" }, "not_found").code).toBe("not_found");
  });

  it("reads the same through storage-js's StorageApiError", () => {
    const error = new StorageApiError("Object not found", 400, "404", "storage", "NoSuchKey");
    expect(mapSupabaseError(error, "bucket_missing")).toMatchObject({ code: "not_found", status: 404 });
  });
});

describe("storageErrorFromReply on the fake server's public object replies", () => {
  let fake: FakeSupabaseStorage;
  beforeEach(async () => {
    fake = await startFakeSupabaseStorage();
    fake.buckets.set("generations", {
      id: "generations",
      name: "generations",
      owner: "",
      public: true,
      file_size_limit: null,
      allowed_mime_types: null,
      created_at: "",
      updated_at: "",
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("says a missing public object is not found, though the HTTP status is 400", async () => {
    const response = await fetch(`${fake.url}/storage/v1/object/public/generations/nobody/nothing.png`);
    expect(response.status).toBe(400);
    const error = storageErrorFromReply(response.status, await response.json(), "not_found");
    expect(error).toMatchObject({ code: "not_found", status: 404, message: "Supabase Storage: Object not found" });
  });
});
