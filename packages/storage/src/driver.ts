import type { Readable } from "node:stream";

export interface BucketInfo {
  name: string;
  public: boolean;
  allowedMimeTypes: string[] | null;
  fileSizeLimit: number | null;
}

export type UploadBody = Buffer | NodeJS.ReadableStream | Readable;

export interface UploadOptions {
  contentType: string;
  /** Replace an existing object. Default true; false makes an existing object a `duplicate` error. */
  upsert?: boolean;
  /** Cache max-age in seconds, as storage-js takes it (e.g. "3600"). Default "3600". */
  cacheControl?: string;
  /** Declared size of a stream body; checked against the limit before any byte is sent. */
  contentLength?: number;
}

export interface UploadResult {
  path: string;
  bytes: number;
}

export interface DownloadObjectOptions {
  /** The most bytes accepted; a larger object fails with `too_large` and leaves no file. Default FILE_SIZE_LIMIT. */
  maxBytes?: number;
}

export interface DownloadObjectResult {
  bytes: number;
  /** The content type the bucket stored with the object (`application/octet-stream` when it has none). */
  contentType: string;
}

export interface ListEntry {
  /** File or folder name directly under the prefix. */
  name: string;
  /** Size of a file; null for a folder. */
  bytes: number | null;
}

/**
 * Every driver returns values or throws `StorageError`; none returns `{ data, error }`.
 * Uploads take `<userId>/<generationId>/<name>` only (see `objectPath`); reads, removals and URLs take any readable
 * path (`parseReadablePath`), so objects the old site left at its own layouts stay usable where they are.
 */
export interface StorageDriver {
  readonly kind: "local" | "supabase";
  /** Creates the `generations` bucket or corrects its settings; returns the settings in force. */
  ensureBucket(): Promise<BucketInfo>;
  getBucket(): Promise<BucketInfo | null>;
  /** Enforces path, mime type, size limit (streams are counted while written) and bucket existence. */
  upload(path: string, body: UploadBody, opts: UploadOptions): Promise<UploadResult>;
  /**
   * Copies an object into `destFile` (created or replaced whole, never left partial), counting bytes against
   * `maxBytes`. Throws `not_found` when the object is missing, `bucket_missing` without the bucket.
   */
  download(path: string, destFile: string, opts?: DownloadObjectOptions): Promise<DownloadObjectResult>;
  /** Removes objects; paths that do not exist are ignored. */
  remove(paths: string[]): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Direct children of `<userId>` or `<userId>/<generationId>`, sorted by name. */
  list(prefix: string): Promise<ListEntry[]>;
  publicUrl(path: string): string;
  /** What public URLs start with, before `/generations/` (so a URL can be recognised as one of ours). */
  readonly publicBaseUrl: string;
}
