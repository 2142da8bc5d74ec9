import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  bucketAlreadyExists,
  entityTooLarge,
  invalidMimeType,
  keyAlreadyExists,
  keyRejected,
  noRoute,
  noSuchBucket,
  noSuchKey,
  rowLevelSecurity,
  type KeyRejection,
  type Reply,
} from "./fake-storage-errors";
import { bucketSettings, drain, fileObject, folderObject, mimeAllowed, readJson } from "./fake-storage-wire";
import { fakeSupabaseKey } from "./helpers";

/**
 * A fake Supabase Storage API on 127.0.0.1, speaking the endpoints storage-js 2.x calls for
 * getBucket/createBucket/updateBucket/upload/remove/list/info/download, plus public object reads, and answering
 * as the real server does (supabase/storage): errors are HTTP 400 with `{ statusCode, code, error, message }`;
 * listing or removing in a missing bucket is 200 `[]`; an upload is size-checked only when it declares a
 * Content-Length (a chunked one is stored whatever its size); the anon key sees no bucket and may write nothing.
 */
interface FakeBucket {
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

interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface FakeSupabaseStorage {
  /** Project URL; storage-js talks to `${url}/storage/v1`. */
  url: string;
  serviceRoleKey: string;
  /** A valid key of the `anon` role: row-level security hides every bucket from it and refuses its writes. */
  anonKey: string;
  /** How a key that is neither is answered; change it between requests. Default `storage`. */
  keyRejection: KeyRejection;
  buckets: Map<string, FakeBucket>;
  /** Keyed by `<bucket>/<path>`. */
  objects: Map<string, FakeObject>;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

type Role = "service_role" | "anon";

export async function startFakeSupabaseStorage(
  serviceRoleKey = fakeSupabaseKey("service_role"),
  anonKey = fakeSupabaseKey("anon"),
): Promise<FakeSupabaseStorage> {
  const buckets = new Map<string, FakeBucket>();
  const objects = new Map<string, FakeObject>();
  const requests: RecordedRequest[] = [];
  const state = { keyRejection: "storage" as KeyRejection };

  function roleOf(req: IncomingMessage): Role | null {
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer\s+/i, "");
    if (req.headers.apikey !== bearer) return null;
    if (bearer === serviceRoleKey) return "service_role";
    return bearer === anonKey ? "anon" : null;
  }

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = req.method ?? "GET";
    requests.push({ method, path: url.pathname, headers: req.headers });
    const path = decodeURIComponent(url.pathname.replace(/^\/storage\/v1/, ""));
    let match: RegExpExecArray | null;
    // Public objects are served without any key.
    if (method === "GET" && (match = /^\/object\/public\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return publicObject(match[1], match[2]);
    }
    const role = roleOf(req);
    if (role === null) {
      await drain(req);
      return keyRejected(state.keyRejection);
    }
    if (method === "POST" && path === "/bucket") return createBucket(role, await readJson(req));
    if ((match = /^\/bucket\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      if (method === "GET") return getBucket(role, match[1]);
      if (method === "PUT") return updateBucket(role, match[1], await readJson(req));
    }
    if (method === "POST" && (match = /^\/object\/list\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      return list(role, match[1], await readJson(req));
    }
    if (method === "GET" && (match = /^\/object\/info\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return info(role, match[1], match[2]);
    }
    if (method === "GET" && (match = /^\/object\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return download(role, match[1], match[2]);
    }
    if (method === "DELETE" && (match = /^\/object\/([^/]+)$/.exec(path)) && match[1] !== undefined) {
      return remove(role, match[1], await readJson(req));
    }
    if (method === "POST" && (match = /^\/object\/([^/]+)\/(.+)$/.exec(path)) && match[1] && match[2]) {
      return upload(role, req, match[1], match[2]);
    }
    await drain(req);
    return noRoute(method, url.pathname);
  }

  /** The bucket as a role sees it: row-level security on storage.buckets hides every bucket from anon. */
  const visibleBucket = (role: Role, id: string) => (role === "service_role" ? buckets.get(id) : undefined);

  function getBucket(role: Role, id: string): Reply {
    const bucket = visibleBucket(role, id);
    return bucket === undefined ? noSuchBucket() : { status: 200, body: bucket };
  }

  function createBucket(role: Role, body: Record<string, unknown>): Reply {
    if (role !== "service_role") return rowLevelSecurity();
    const id = String(body.id ?? body.name);
    if (buckets.has(id)) return bucketAlreadyExists();
    const now = new Date().toISOString();
    buckets.set(id, { id, name: id, owner: "", created_at: now, updated_at: now, ...bucketSettings(body) });
    return { status: 200, body: { name: id } };
  }

  function updateBucket(role: Role, id: string, body: Record<string, unknown>): Reply {
    const bucket = visibleBucket(role, id);
    if (bucket === undefined) return noSuchBucket();
    buckets.set(id, { ...bucket, ...bucketSettings(body), updated_at: new Date().toISOString() });
    return { status: 200, body: { message: "Successfully updated" } };
  }

  /**
   * The real order: the bucket (read as the superuser), the mime type, a declared Content-Length against the
   * bucket's limit, then row-level security and an existing key, and only then the body. A body sent without a
   * length is not counted against the limit.
   */
  async function upload(role: Role, req: IncomingMessage, bucketId: string, key: string): Promise<Reply> {
    const bucket = buckets.get(bucketId);
    const contentType = String(req.headers["content-type"] ?? "application/octet-stream");
    const declared = req.headers["content-length"] === undefined ? null : Number(req.headers["content-length"]);
    const fullKey = `${bucketId}/${key}`;
    const refusal =
      bucket === undefined
        ? noSuchBucket()
        : !mimeAllowed(contentType, bucket.allowed_mime_types)
          ? invalidMimeType(contentType)
          : declared !== null && bucket.file_size_limit !== null && declared > bucket.file_size_limit
            ? entityTooLarge()
            : role !== "service_role"
              ? rowLevelSecurity()
              : objects.has(fullKey) && req.headers["x-upsert"] !== "true"
                ? keyAlreadyExists()
                : null;
    const body = await drain(req);
    if (refusal !== null) return refusal;
    const id = randomUUID();
    objects.set(fullKey, {
      id,
      contentType,
      cacheControl: String(req.headers["cache-control"] ?? "no-cache"),
      size: body.size,
      sha256: body.sha256,
      updatedAt: new Date().toISOString(),
      data: body.size <= 1_000_000 ? body.data : null,
    });
    return { status: 200, body: { Id: id, Key: fullKey } };
  }

  /** Row-level security on storage.objects hides every object from anon. */
  const visibleObject = (role: Role, bucketId: string, key: string) => (role === "service_role" ? objects.get(`${bucketId}/${key}`) : undefined);

  function info(role: Role, bucketId: string, key: string): Reply {
    if (!buckets.has(bucketId)) return noSuchBucket();
    const object = visibleObject(role, bucketId, key);
    if (object === undefined) return noSuchKey();
    return {
      status: 200,
      body: { id: object.id, name: key, bucket_id: bucketId, size: object.size, content_type: object.contentType },
    };
  }

  function download(role: Role, bucketId: string, key: string): Reply {
    if (!buckets.has(bucketId)) return noSuchBucket();
    const object = visibleObject(role, bucketId, key);
    if (object === undefined) return noSuchKey();
    return { status: 200, body: object.data ?? Buffer.alloc(object.size), contentType: object.contentType };
  }

  /** A private bucket reads as missing on the public route, as a missing one does. */
  function publicObject(bucketId: string, key: string): Reply {
    if (buckets.get(bucketId)?.public !== true) return noSuchBucket();
    return download("service_role", bucketId, key);
  }

  function remove(role: Role, bucketId: string, body: Record<string, unknown>): Reply {
    const prefixes = Array.isArray(body.prefixes) ? body.prefixes.map(String) : [];
    const removed = prefixes.flatMap((key) => {
      const object = visibleObject(role, bucketId, key);
      if (object === undefined) return [];
      objects.delete(`${bucketId}/${key}`);
      return [fileObject(key, object)];
    });
    return { status: 200, body: removed };
  }

  /** `storage.search`: a missing bucket, or one the role cannot see, simply has no rows. */
  function list(role: Role, bucketId: string, body: Record<string, unknown>): Reply {
    if (role !== "service_role") return { status: 200, body: [] };
    const prefix = (typeof body.prefix === "string" ? body.prefix : "").replace(/\/$/, "");
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
    anonKey,
    get keyRejection() {
      return state.keyRejection;
    },
    set keyRejection(how: KeyRejection) {
      state.keyRejection = how;
    },
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
