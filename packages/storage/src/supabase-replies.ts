import { z } from "zod";
import type { BucketInfo, ListEntry } from "./driver";
import { StorageError } from "./errors";

const bucketReply = z.object({
  name: z.string(),
  public: z.boolean(),
  allowed_mime_types: z.array(z.string()).nullish(),
  file_size_limit: z.union([z.number(), z.string()]).nullish(),
});

const listReply = z.array(
  z.object({
    name: z.string(),
    id: z.string().nullish(),
    metadata: z.object({ size: z.number().nullish() }).loose().nullish(),
  }),
);

/** A `GET /bucket/:id` reply as BucketInfo. */
export function toBucketInfo(reply: unknown): BucketInfo {
  const bucket = parseReply(bucketReply, reply, "bucket");
  const limit = bucket.file_size_limit;
  return {
    name: bucket.name,
    public: bucket.public,
    allowedMimeTypes: bucket.allowed_mime_types ?? null,
    fileSizeLimit: limit === null || limit === undefined ? null : Number(limit),
  };
}

/** A `POST /object/list/:bucket` reply; folders (no id) have `bytes: null`. */
export function toListEntries(reply: unknown): ListEntry[] {
  return parseReply(listReply, reply, "list").map((entry) => ({
    name: entry.name,
    bytes: entry.id === null || entry.id === undefined ? null : (entry.metadata?.size ?? null),
  }));
}

function parseReply<T>(schema: z.ZodType<T>, reply: unknown, what: string): T {
  const parsed = schema.safeParse(reply);
  if (!parsed.success) {
    throw new StorageError("unknown", `Unexpected ${what} reply from Supabase Storage`, { cause: parsed.error });
  }
  return parsed.data;
}
