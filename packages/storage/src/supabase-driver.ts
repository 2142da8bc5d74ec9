import { StorageClient } from "@supabase/storage-js";
import { BUCKET, bucketSpec, matchesBucketSpec, parseListPrefix } from "./bucket";
import { bucketUploadLimit } from "./bucket-upload-limit";
import { checkKnownSize, checkUploadRequest } from "./check-upload";
import type { BucketInfo, ListEntry, StorageDriver } from "./driver";
import { StorageError, isStorageError } from "./errors";
import { fetchWithTimeout } from "./fetch-with-timeout";
import { parseReadablePath } from "./readable-path";
import { wrongServiceRoleKey } from "./service-role-key";
import { downloadSupabaseObject } from "./supabase-download";
import { toBucketInfo, toListEntries } from "./supabase-replies";
import { unwrap } from "./supabase-result";
import { countedUploadBody } from "./supabase-upload-body";

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

  /**
   * Null only when the bucket is missing. A key the server refuses throws `key_rejected`; so does a key that is
   * not the service-role key, to which row-level security shows every bucket as missing.
   */
  async function getBucket(): Promise<BucketInfo | null> {
    try {
      return toBucketInfo(await unwrap(api.getBucket(BUCKET), "bucket_missing"));
    } catch (error) {
      if (!isStorageError(error, "bucket_missing")) throw error;
      const wrongKey = wrongServiceRoleKey(config.serviceRoleKey);
      if (wrongKey === null) return null;
      const what = { anon: "the anon key", publishable: "a publishable key", other: "not a service-role key" }[wrongKey];
      const message = `The configured service-role key is ${what}: Supabase Storage hides bucket ${BUCKET} from it`;
      throw new StorageError("key_rejected", message, { status: error.status, cause: error });
    }
  }
  const uploadLimit = bucketUploadLimit(getBucket);

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
      if (!matchesBucketSpec(current)) {
        await unwrap(api.updateBucket(BUCKET, bucketOptions), "bucket_missing");
        current = await requireBucket();
      }
      uploadLimit.remember(current);
      if (!matchesBucketSpec(current)) {
        throw new StorageError("unknown", `Supabase kept bucket ${BUCKET} settings ${JSON.stringify(current)}`);
      }
      return current;
    },
    async upload(path, body, opts) {
      const checked = checkUploadRequest(path, body, opts);
      const maxBytes = await uploadLimit.get();
      checkKnownSize(checked, maxBytes);
      const counted = countedUploadBody(body, maxBytes, checked.knownBytes);
      try {
        await unwrap(
          uploads.from(BUCKET).upload(path, counted.payload, {
            contentType: checked.contentType,
            upsert: checked.upsert,
            cacheControl: String(checked.maxAge),
            headers: counted.headers,
          }),
          "bucket_missing",
        );
      } catch (error) {
        throw counted.failure() ?? error;
      }
      return { path, bytes: counted.bytes() };
    },
    download: (path, destFile, opts) => downloadSupabaseObject({ info: objects, body: downloads.from(BUCKET) }, path, destFile, opts),
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
