import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { FakeObject } from "./fake-supabase-storage";

/** How the fake Supabase Storage reads requests and writes rows: bodies, bucket settings, listing entries. */

const jsonObject = z.record(z.string(), z.unknown());

export function bucketSettings(body: Record<string, unknown>) {
  return {
    public: body.public === true,
    file_size_limit: typeof body.file_size_limit === "number" ? body.file_size_limit : null,
    allowed_mime_types: Array.isArray(body.allowed_mime_types) ? body.allowed_mime_types.map(String) : null,
  };
}

export function mimeAllowed(contentType: string, allowed: string[] | null): boolean {
  if (allowed === null || allowed.length === 0) return true;
  const [type] = contentType.split("/");
  return allowed.some((rule) => rule === contentType || rule === `${type}/*`);
}

export function fileObject(name: string, object: FakeObject) {
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

export function folderObject(name: string) {
  return { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null };
}

/** Reads a request body to the end, counting and hashing it, keeping only its first megabyte. */
export async function drain(req: IncomingMessage): Promise<{ size: number; sha256: string; text: string; data: Buffer }> {
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

export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const { text } = await drain(req);
  const parsed = jsonObject.safeParse(text === "" ? {} : JSON.parse(text));
  return parsed.success ? parsed.data : {};
}
