import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from "./fake-supabase-storage";
import { PNG_PATH, fakeSupabaseKey } from "./helpers";

// The fake answers as supabase/storage does (src/internal/errors/codes.ts, src/http/error-handler.ts, the
// bucket and object routes), checked here on the wire, without storage-js in between.
let fake: FakeSupabaseStorage;

beforeEach(async () => {
  fake = await startFakeSupabaseStorage();
});
afterEach(async () => {
  await fake.close();
});

interface Call {
  key?: string | null;
  json?: unknown;
  body?: Buffer | Readable;
  headers?: Record<string, string>;
}

async function call(method: string, path: string, { key = fake.serviceRoleKey, json, body, headers = {} }: Call = {}) {
  const auth: Record<string, string> = key === null ? {} : { apikey: key, authorization: `Bearer ${key}` };
  const payload = json === undefined ? body : JSON.stringify(json);
  const type = json === undefined ? {} : { "content-type": "application/json" };
  const response = await fetch(`${fake.url}/storage/v1${path}`, {
    method,
    headers: { ...auth, ...type, ...headers },
    body: payload instanceof Readable ? (Readable.toWeb(payload) as ReadableStream<Uint8Array>) : payload,
    ...(payload instanceof Readable ? { duplex: "half" } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text };
}

const makeBucket = (settings: Record<string, unknown> = {}) => call("POST", "/bucket", { json: { id: "media", name: "media", public: true, ...settings } });
const upload = (path: string, body: Buffer | Readable, headers: Record<string, string> = {}) =>
  call("POST", `/object/media/${path}`, { body, headers: { "content-type": "image/png", ...headers } });

describe("fake Supabase Storage: reads", () => {
  it("lists and removes in a missing bucket as 200 []", async () => {
    expect(await call("POST", "/object/list/missing", { json: { prefix: "", limit: 10, offset: 0 } })).toEqual({ status: 200, body: [] });
    expect(await call("DELETE", "/object/missing", { json: { prefixes: ["a/b.png"] } })).toEqual({ status: 200, body: [] });
  });

  it("answers a missing bucket with HTTP 400 and NoSuchBucket", async () => {
    expect(await call("GET", "/bucket/missing")).toEqual({
      status: 400,
      body: { statusCode: "404", code: "NoSuchBucket", error: "Bucket not found", message: "Bucket not found" },
    });
  });

  it("serves public objects without a key; a missing one is HTTP 400 with statusCode 404", async () => {
    await makeBucket();
    await upload(PNG_PATH, Buffer.from("png bytes"));
    expect(await call("GET", `/object/public/media/${PNG_PATH}`, { key: null })).toEqual({ status: 200, body: "png bytes" });
    expect(await call("GET", "/object/public/media/nobody/nothing.png", { key: null })).toEqual({
      status: 400,
      body: { statusCode: "404", code: "NoSuchKey", error: "not_found", message: "Object not found" },
    });
    await call("PUT", "/bucket/media", { json: { public: false } });
    expect(await call("GET", `/object/public/media/${PNG_PATH}`, { key: null })).toMatchObject({
      status: 400,
      body: { statusCode: "404", code: "NoSuchBucket" },
    });
  });
});

describe("fake Supabase Storage: writes", () => {
  it("names a second bucket of the same id BucketAlreadyExists", async () => {
    expect(await makeBucket()).toEqual({ status: 200, body: { name: "media" } });
    expect(await makeBucket()).toEqual({
      status: 400,
      body: { statusCode: "409", code: "BucketAlreadyExists", error: "Duplicate", message: "The resource already exists" },
    });
  });

  it("refuses a mime type the bucket does not allow with InvalidMimeType", async () => {
    await makeBucket({ allowed_mime_types: ["video/*"] });
    expect(await upload(PNG_PATH, Buffer.from("x"))).toEqual({
      status: 400,
      body: { statusCode: "415", code: "InvalidMimeType", error: "invalid_mime_type", message: "mime type image/png is not supported" },
    });
  });

  it("refuses an existing key without upsert with KeyAlreadyExists", async () => {
    await makeBucket();
    expect((await upload(PNG_PATH, Buffer.from("1"))).status).toBe(200);
    expect(await upload(PNG_PATH, Buffer.from("2"), { "x-upsert": "false" })).toMatchObject({
      status: 400,
      body: { statusCode: "409", code: "KeyAlreadyExists", error: "Duplicate" },
    });
  });

  it("size-checks an upload by its Content-Length only: a chunked one over the limit is stored", async () => {
    await makeBucket({ file_size_limit: 10 });
    expect(await upload(PNG_PATH, Buffer.alloc(11))).toEqual({
      status: 400,
      body: { statusCode: "413", code: "EntityTooLarge", error: "Payload too large", message: "The object exceeded the maximum allowed size" },
    });
    expect(fake.objects.has(`media/${PNG_PATH}`)).toBe(false);

    expect((await upload(PNG_PATH, Readable.from([Buffer.alloc(6), Buffer.alloc(6)]))).status).toBe(200);
    const chunked = fake.requests.at(-1)?.headers;
    expect(chunked?.["content-length"]).toBeUndefined();
    expect(chunked?.["transfer-encoding"]).toBe("chunked");
    expect(fake.objects.get(`media/${PNG_PATH}`)?.size).toBe(12);
  });
});

describe("fake Supabase Storage: keys", () => {
  const garbage = "not-a-key-0123456789";

  it.each([
    ["storage", 400, { statusCode: "403", code: "AccessDenied", error: "Unauthorized", message: "invalid signature" }],
    ["gateway", 401, { message: "Invalid API key", hint: expect.any(String) }],
    ["legacy", 400, { statusCode: "400", error: "invalid signature", message: "invalid signature" }],
  ] as const)("answers a key that does not verify as %s does", async (how, status, body) => {
    fake.keyRejection = how;
    expect(await call("GET", "/bucket/media", { key: garbage })).toEqual({ status, body });
    expect(await call("GET", "/bucket/media", { key: fakeSupabaseKey("service_role") })).toMatchObject({ body: { code: "NoSuchBucket" } });
  });

  it("hides every bucket from the anon key and refuses its writes by row-level security", async () => {
    await makeBucket();
    const anon = { key: fake.anonKey };
    expect(await call("GET", "/bucket/media", anon)).toMatchObject({ status: 400, body: { statusCode: "404", code: "NoSuchBucket" } });
    expect(await call("POST", "/object/list/media", { ...anon, json: { prefix: "" } })).toEqual({ status: 200, body: [] });
    expect(await call("POST", "/bucket", { ...anon, json: { id: "other" } })).toEqual({
      status: 400,
      body: { statusCode: "403", code: "AccessDenied", error: "Unauthorized", message: "new row violates row-level security policy" },
    });
  });
});
