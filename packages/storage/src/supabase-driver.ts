import { pipeline } from "node:stream";
import { StorageClient } from "@supabase/storage-js";
import { BUCKET, FILE_SIZE_LIMIT, bucketSpec, matchesBucketSpec, parseListPrefix } from "./bucket";
import { ByteLimit, tooLarge } from "./byte-limit";
import { checkUpload } from "./check-upload";
import type { BucketInfo, ListEntry, StorageDriver, UploadBody } from "./driver";
import { StorageError, isStorageError } from "./errors";
import { fetchWithTimeout } from "./fetch-with-timeout";
import { parseReadablePath } from "./readable-path";
import { downloadSupabaseObject } from "./supabase-download";
import { toBucketInfo, toListEntries } from "./supabase-replies";
import { unwrap } from "./supabase-result";

export interface SupabaseStorageConfig {
  /** Project URL, e.g. `https://abc.supabase.co`; the storage API is `${url}/storage/v1`. */
  url: string;
  serviceRoleKey: string;
  fetch?: typeof fetch;
  /** Timeout of bucket, list, info and remove calls. Default 30 s. */
  requestTimeoutMs?: number;
  /** Timeout of one upload, body included. Default 10 min. */
  uploadTimeoutMs?: number;
  /** Timeout of one download, body included. Default 10 min. */
  downloadTimeoutMs?: number;
}

const PAGE = 1000;
const bucketOptions = {
  public: bucketSpec.public,
  allowedMimeTypes: bucketSpec.allowedMimeTypes,
  fileSizeLimit: bucketSpec.fileSizeLimit,
};

/** Supabase Storage through storage-js, with the service role key (server-side only). */
export function createSupabaseStorageDriver(config: SupabaseStorageConfig): StorageDriver {
  const storageUrl = `${config.url.replace(/\/+$/, "")}/storage/v1`;
  const headers = { apikey: config.serviceRoleKey, Authorization: `Bearer ${config.serviceRoleKey}` };
  const baseFetch = config.fetch ?? fetch;
  const api = new StorageClient(storageUrl, headers, fetchWithTimeout(baseFetch, config.requestTimeoutMs ?? 30_000));
  const uploads = new StorageClient(storageUrl, headers, fetchWithTimeout(baseFetch, config.uploadTimeoutMs ?? 600_000));
  const downloads = new StorageClient(storageUrl, headers, fetchWithTimeout(baseFetch, config.downloadTimeoutMs ?? 600_000));
  const objects = api.from(BUCKET);

  async function getBucket(): Promise<BucketInfo | null> {
    try {
      return toBucketInfo(await unwrap(api.getBucket(BUCKET), "bucket_missing"));
    } catch (error) {
      if (isStorageError(error, "bucket_missing")) return null;
      throw error;
    }
  }

  async function requireBucket(): Promise<BucketInfo> {
    const bucket = await getBucket();
    if (bucket === null) throw new StorageError("bucket_missing", `Bucket ${BUCKET} not found`);
    return bucket;
  }

  return {
    kind: "supabase",
    getBucket,
    async ensureBucket() {
      let current = await getBucket();
      if (current === null) {
        // A concurrent ensureBucket may win the race; its bucket is then checked like any other.
        await unwrap(api.createBucket(BUCKET, bucketOptions), "bucket_missing").catch((error: unknown) => {
          if (!isStorageError(error, "duplicate")) throw error;
        });
        current = await requireBucket();
      }
      if (matchesBucketSpec(current)) return current;
      await unwrap(api.updateBucket(BUCKET, bucketOptions), "bucket_missing");
      current = await requireBucket();
      if (!matchesBucketSpec(current)) {
        throw new StorageError("unknown", `Supabase kept bucket ${BUCKET} settings ${JSON.stringify(current)}`);
      }
      return current;
    },
    async upload(path, body, opts) {
      const checked = checkUpload(path, body, opts);
      const { payload, limit } = countedBody(body);
      try {
        await unwrap(
          uploads.from(BUCKET).upload(path, payload, {
            contentType: checked.contentType,
            upsert: checked.upsert,
            cacheControl: String(checked.maxAge),
          }),
          "bucket_missing",
        );
      } catch (error) {
        if (limit?.exceeded === true) throw tooLarge(FILE_SIZE_LIMIT);
        throw error;
      }
      return { path, bytes: limit === null ? (checked.knownBytes ?? 0) : limit.bytes };
    },
    download: (path, destFile, opts) =>
      downloadSupabaseObject({ info: objects, body: downloads.from(BUCKET) }, path, destFile, opts),
    async remove(paths) {
      paths.forEach((path) => parseReadablePath(path));
      for (let start = 0; start < paths.length; start += PAGE) {
        await unwrap(objects.remove(paths.slice(start, start + PAGE)), "not_found");
      }
    },
    async exists(path) {
      parseReadablePath(path);
      try {
        await unwrap(objects.info(path), "not_found");
        return true;
      } catch (error) {
        if (isStorageError(error, "not_found") || isStorageError(error, "bucket_missing")) return false;
        throw error;
      }
    },
    async list(prefix) {
      const folder = parseListPrefix(prefix);
      const entries: ListEntry[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const options = { limit: PAGE, offset, sortBy: { column: "name", order: "asc" } };
        const page = toListEntries(await unwrap(objects.list(folder, options), "bucket_missing"));
        entries.push(...page);
        if (page.length < PAGE) return entries;
      }
    },
    publicUrl(path) {
      parseReadablePath(path);
      return objects.getPublicUrl(path).data.publicUrl;
    },
    publicBaseUrl: `${storageUrl}/object/public`,
  };
}


/** Streams pass through a byte limit; its errors (and the source's) surface as the failed request. */
function countedBody(body: UploadBody): { payload: Buffer | NodeJS.ReadableStream; limit: ByteLimit | null } {
  if (Buffer.isBuffer(body)) return { payload: body, limit: null };
  const limit = new ByteLimit(FILE_SIZE_LIMIT);
  return { payload: pipeline(body, limit, () => undefined), limit };
}
