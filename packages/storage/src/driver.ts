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

export interface ListEntry {
  /** File or folder name directly under the prefix. */
  name: string;
  /** Size of a file; null for a folder. */
  bytes: number | null;
}

/**
 * Every driver returns values or throws `StorageError`; none returns `{ data, error }`.
 * Object paths are `<userId>/<generationId>/<name>` (see `objectPath`).
 */
export interface StorageDriver {
  readonly kind: "local" | "supabase";
  /** Creates the `generations` bucket or corrects its settings; returns the settings in force. */
  ensureBucket(): Promise<BucketInfo>;
  getBucket(): Promise<BucketInfo | null>;
  /** Enforces path, mime type, size limit (streams are counted while written) and bucket existence. */
  upload(path: string, body: UploadBody, opts: UploadOptions): Promise<UploadResult>;
  /** Removes objects; paths that do not exist are ignored. */
  remove(paths: string[]): Promise<void>;
  exists(path: string): Promise<boolean>;
  /** Direct children of `<userId>` or `<userId>/<generationId>`, sorted by name. */
  list(prefix: string): Promise<ListEntry[]>;
  publicUrl(path: string): string;
}
