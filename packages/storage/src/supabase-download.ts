import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { StorageClient } from "@supabase/storage-js";
import { z } from "zod";
import { commitTempFile, writeTempFile } from "./atomic-file";
import { FILE_SIZE_LIMIT } from "./bucket";
import { ByteLimit, tooLarge } from "./byte-limit";
import type { DownloadObjectOptions, DownloadObjectResult } from "./driver";
import { StorageError } from "./errors";
import { parseReadablePath } from "./readable-path";
import { unwrap } from "./supabase-result";

type BucketApi = ReturnType<StorageClient["from"]>;

/** `GET /object/info/:bucket/:path` as storage-js returns it (keys camel-cased). */
const infoReply = z.object({ size: z.number().nullish(), contentType: z.string().nullish() }).loose();

/**
 * Downloads an object with the service role: `info` first (a missing object or one over the cap fails before any
 * body is sent, and it gives the stored content type), then the body as a stream through a byte limit into a temp
 * file next to `destFile`. `info` runs on the short-timeout client, the body on the long one.
 */
export async function downloadSupabaseObject(
  clients: { info: BucketApi; body: BucketApi },
  path: string,
  destFile: string,
  { maxBytes = FILE_SIZE_LIMIT }: DownloadObjectOptions = {},
): Promise<DownloadObjectResult> {
  parseReadablePath(path);
  const parsed = infoReply.safeParse(await unwrap(clients.info.info(path), "not_found"));
  if (!parsed.success) throw new StorageError("unknown", "Unexpected info reply from Supabase Storage", { cause: parsed.error });
  const declared = parsed.data.size ?? null;
  if (declared !== null && declared > maxBytes) throw tooLarge(maxBytes);

  const body = await unwrap(Promise.resolve(clients.body.download(path).asStream()), "not_found");
  if (body === null) throw new StorageError("unknown", `Supabase Storage sent no body for ${path}`);
  const limit = new ByteLimit(maxBytes);
  try {
    // storage-js types the body as the DOM stream; at run time it is Node's own web stream.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- needed where the DOM lib is on (the Next apps compile this file)
    const source = Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>);
    const written = await writeTempFile(destFile, source, limit);
    await commitTempFile(written.tempFile, destFile, true);
    return { bytes: written.bytes, contentType: parsed.data.contentType ?? "application/octet-stream" };
  } catch (error) {
    if (limit.exceeded) throw tooLarge(maxBytes);
    if (error instanceof StorageError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    // A body cut off by the timeout or the network: transient, like any other unreachable storage.
    throw new StorageError("unavailable", `Download of ${path} from Supabase Storage failed: ${detail}`, { cause: error });
  }
}
