import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";

const jsonObject = z.record(z.string(), z.unknown());

/**
 * A fake Supabase Storage API on 127.0.0.1, speaking exactly the endpoints storage-js 2.x calls for
 * getBucket/createBucket/updateBucket/upload/remove/list/info/download, with Supabase's error shape:
 * HTTP 400 and the real code in the body's `statusCode`.
 */
export interface FakeBucket {
  id: string;
  name: string;
  owner: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
}

export interface FakeObject {
  id: string;
  contentType: string;
  cacheControl: string;
  size: number;
  sha256: string;
  updatedAt: string;
  /** The bytes of objects up to 1 MB (larger ones are counted, not kept); served by the download endpoint. */
  data: Buffer | null;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface FakeSupabaseStorage {
  /** Project URL; storage-js talks to `${url}/storage/v1`. */
  url: string;
  serviceRoleKey: string;
  buckets: Map<string, FakeBucket>;
  /** Keyed by `<bucket>/<path>`. */
  objects: Map<string, FakeObject>;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A Buffer body is sent as it is with `contentType`; anything else as JSON. */
type Reply = { status: number; body: unknown; contentType?: string };

const fail = (statusCode: string, error: string, message: string, code?: string): Reply => ({
  status: 400,
  body: { statusCode, error, message, ...(code === undefined ? {} : { code }) },
});
const bucketNotFound = () => fail("404", "Bucket not found", "Bucket not found", "NoSuchBucket");
const objectNotFound = () => fail("404", "not_found", "Object not found", "NoSuchKey");

export async function startFakeSupabaseStorage(serviceRoleKey = "fake-service-role-key-0123456789"): Promise<FakeSupabaseStorage> {
  const buckets = new Map<string, FakeBucket>();
  const objects = new Map<string, FakeObject>();
  const requests: RecordedRequest[] = [];

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, headers: req.headers });
    if (req.headers.apikey !== serviceRoleKey || req.headers.authorization !== `Bearer ${serviceRoleKey}`) {
      await drain(req);
      return fail("403", "Unauthorized", "invalid signature");
    }
    const path = decodeURIComponent(url.pathname.replace(/^\/storage\/v1/, ""));
    let match: RegExpExecArray | null;
    if (method === "POST" && path === "/bucket") return createBucket(await readJson(req));
    if ((match = /^\/bucket\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      if (method === "GET") return getBucket(match[1]);
      if (method === "PUT") return updateBucket(match[1], await readJson(req));
    }
    if (method === "POST" && (match = /^\/object\/list\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      return list(match[1], await readJson(req));
    }
    if (method === "GET" && (match = /^\/object\/info\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return info(match[1], match[2]);
    }
    if (method === "GET" && (match = /^\/object\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return download(match[1], match[2]);
    }
    if (method === "DELETE" && (match = /^\/object\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      return remove(match[1], await readJson(req));
    }
    if (method === "POST" && (match = /^\/object\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return upload(req, match[1], match[2]);
    }
    await drain(req);
    return { status: 404, body: { statusCode: "404", error: "Not Found", message: `no route ${method} ${path}` } };
  }

  function getBucket(id: string): Reply {
    const bucket = buckets.get(id);
    return bucket === undefined ? bucketNotFound() : { status: 200, body: bucket };
  }

  function createBucket(body: Record<string, unknown>): Reply {
    const id = String(body.id ?? body.name);
    if (buckets.has(id)) return fail("409", "Duplicate", "The resource already exists");
    const now = new Date().toISOString();
    buckets.set(id, { id, name: id, owner: "", created_at: now, updated_at: now, ...bucketSettings(body) });
    return { status: 200, body: { name: id } };
  }

  function updateBucket(id: string, body: Record<string, unknown>): Reply {
    const bucket = buckets.get(id);
    if (bucket === undefined) return bucketNotFound();
    buckets.set(id, { ...bucket, ...bucketSettings(body), updated_at: new Date().toISOString() });
    return { status: 200, body: { message: "Successfully updated" } };
  }

  async function upload(req: IncomingMessage, bucketId: string, key: string): Promise<Reply> {
    const bucket = buckets.get(bucketId);
    const limit = bucket?.file_size_limit ?? Number.POSITIVE_INFINITY;
    const body = await drain(req);
    if (bucket === undefined) return bucketNotFound();
    const contentType = String(req.headers["content-type"] ?? "");
    if (!mimeAllowed(contentType, bucket.allowed_mime_types)) {
      return fail("415", "invalid_mime_type", `mime type ${contentType} is not supported`);
    }
    if (body.size > limit) return fail("413", "Payload too large", "The object exceeded the maximum allowed size");
    const fullKey = `${bucketId}/${key}`;
    if (objects.has(fullKey) && req.headers["x-upsert"] !== "true") {
      return fail("409", "Duplicate", "The resource already exists");
    }
    const id = randomUUID();
    objects.set(fullKey, {
      id,
      contentType,
      cacheControl: String(req.headers["cache-control"] ?? ""),
      size: body.size,
      sha256: body.sha256,
      updatedAt: new Date().toISOString(),
      data: body.size <= 1_000_000 ? body.data : null,
    });
    return { status: 200, body: { Id: id, Key: fullKey } };
  }

  function info(bucketId: string, key: string): Reply {
    if (!buckets.has(bucketId)) return bucketNotFound();
    const object = objects.get(`${bucketId}/${key}`);
    if (object === undefined) return objectNotFound();
    return {
      status: 200,
      body: { id: object.id, name: key, bucket_id: bucketId, size: object.size, content_type: object.contentType },
    };
  }

  function download(bucketId: string, key: string): Reply {
    if (!buckets.has(bucketId)) return bucketNotFound();
    const object = objects.get(`${bucketId}/${key}`);
    if (object === undefined) return objectNotFound();
    return { status: 200, body: object.data ?? Buffer.alloc(object.size), contentType: object.contentType };
  }

  function remove(bucketId: string, body: Record<string, unknown>): Reply {
    if (!buckets.has(bucketId)) return bucketNotFound();
    const prefixes = Array.isArray(body.prefixes) ? body.prefixes.map(String) : [];
    const removed = prefixes.flatMap((key) => {
      const object = objects.get(`${bucketId}/${key}`);
      if (object === undefined) return [];
      objects.delete(`${bucketId}/${key}`);
      return [fileObject(key, object)];
    });
    return { status: 200, body: removed };
  }

  function list(bucketId: string, body: Record<string, unknown>): Reply {
    if (!buckets.has(bucketId)) return bucketNotFound();
    const prefix = String(body.prefix ?? "").replace(/\/$/, "");
    const start = prefix === "" ? `${bucketId}/` : `${bucketId}/${prefix}/`;
    const entries = new Map<string, unknown>();
    for (const [key, object] of objects) {
      if (!key.startsWith(start)) continue;
      const [name = "", ...rest] = key.slice(start.length).split("/");
      entries.set(name, rest.length > 0 ? folderObject(name) : fileObject(name, object));
    }
    const offset = Number(body.offset ?? 0);
    const limit = Number(body.limit ?? 100);
    const sorted = [...entries.keys()].sort().map((name) => entries.get(name));
    return { status: 200, body: sorted.slice(offset, offset + limit) };
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    route(req).then(
      ({ status, body, contentType }) => {
        if (Buffer.isBuffer(body)) {
          res.writeHead(status, { "content-type": contentType ?? "application/octet-stream", "content-length": body.length });
          res.end(body);
          return;
        }
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    serviceRoleKey,
    buckets,
    objects,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function bucketSettings(body: Record<string, unknown>) {
  return {
    public: body.public === true,
    file_size_limit: typeof body.file_size_limit === "number" ? body.file_size_limit : null,
    allowed_mime_types: Array.isArray(body.allowed_mime_types) ? body.allowed_mime_types.map(String) : null,
  };
}

function mimeAllowed(contentType: string, allowed: string[] | null): boolean {
  if (allowed === null || allowed.length === 0) return true;
  const [type] = contentType.split("/");
  return allowed.some((rule) => rule === contentType || rule === `${type}/*`);
}

function fileObject(name: string, object: FakeObject) {
  return {
    name,
    id: object.id,
    updated_at: object.updatedAt,
    created_at: object.updatedAt,
    last_accessed_at: object.updatedAt,
    metadata: {
      eTag: `"${object.sha256.slice(0, 32)}"`,
      size: object.size,
      mimetype: object.contentType,
      cacheControl: object.cacheControl,
      lastModified: object.updatedAt,
      contentLength: object.size,
      httpStatusCode: 200,
    },
  };
}

function folderObject(name: string) {
  return { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null };
}

/** Reads a request body to the end, counting and hashing it, keeping only its first megabyte. */
async function drain(req: IncomingMessage): Promise<{ size: number; sha256: string; text: string; data: Buffer }> {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    hash.update(buffer);
    if (size < 1_000_000) head.push(buffer);
    size += buffer.length;
  }
  const data = Buffer.concat(head);
  return { size, sha256: hash.digest("hex"), text: data.toString("utf8"), data };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const { text } = await drain(req);
  const parsed = jsonObject.safeParse(text === "" ? {} : JSON.parse(text));
  return parsed.success ? parsed.data : {};
}
