import { isNotModified, rangeStillValid } from "./http-conditionals";
import { parseRange } from "./http-range";
import { nodeToWebStream } from "./node-to-web-stream";
import { readLocalObject, type LocalObject } from "./read-local-object";

export interface ServeLocalObjectConfig {
  rootDir: string;
}

/** For URLs the caller versions with `?v=`: the bytes behind such a URL never change. */
const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * Serves a public object of the local store like Supabase's `/storage/v1/object/public/generations/<path>`.
 * `objectPath` is the decoded path after the bucket, e.g. `params.path.join("/")` in a Next catch-all route.
 * GET and HEAD; single byte ranges; ETag/Last-Modified revalidation; the body is streamed from disk.
 */
export async function serveLocalObject({ rootDir }: ServeLocalObjectConfig, request: Request, objectPath: string): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    return plain(405, "Method Not Allowed", { Allow: "GET, HEAD" });
  }
  const object = await readLocalObject(rootDir, objectPath);
  if (object === null) return plain(404, "Object not found");

  const versioned = new URL(request.url).searchParams.has("v");
  const headers = new Headers({
    ETag: object.etag,
    "Last-Modified": object.lastModified.toUTCString(),
    "Cache-Control": versioned ? IMMUTABLE : object.cacheControl,
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    // Objects are media, never documents: an uploaded SVG opened directly must not run script on our origin.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  });
  if (isNotModified(request.headers, object)) return closeThen(object, new Response(null, { status: 304, headers }));

  const range = rangeStillValid(request.headers, object) ? parseRange(request.headers.get("range"), object.bytes) : ({ kind: "full" } as const);
  if (range.kind === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${object.bytes}`);
    return closeThen(object, new Response(null, { status: 416, headers }));
  }
  const start = range.kind === "partial" ? range.start : 0;
  const end = range.kind === "partial" ? range.end : object.bytes - 1;
  headers.set("Content-Type", object.contentType);
  headers.set("Content-Length", String(end - start + 1));
  if (range.kind === "partial") headers.set("Content-Range", `bytes ${start}-${end}/${object.bytes}`);
  const status = range.kind === "partial" ? 206 : 200;

  if (request.method === "HEAD" || object.bytes === 0) return closeThen(object, new Response(null, { status, headers }));
  const body = nodeToWebStream(object.handle.createReadStream({ start, end, autoClose: true }));
  return new Response(body, { status, headers });
}

async function closeThen(object: LocalObject, response: Response): Promise<Response> {
  await object.handle.close();
  return response;
}

function plain(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8", "X-Content-Type-Options": "nosniff", ...extra },
  });
}
