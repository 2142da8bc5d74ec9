import { FILE_SIZE_LIMIT } from "./bucket";
import type { BucketInfo } from "./driver";

export interface BucketUploadLimit {
  /** The bucket's file size limit in bytes: read once, then cached; the spec's limit while it cannot be read. */
  get(): Promise<number>;
  /** Records settings just read or written (e.g. by ensureBucket), so the next upload needs no request. */
  remember(bucket: BucketInfo): void;
}

/**
 * The byte cap our uploads are held to. The server checks an upload's size only when it declares a Content-Length,
 * so for a stream of unknown length our own cap is the only guard, and it has to be the bucket's own limit. A bucket
 * without a limit, or one that cannot be read (missing, unreachable, key refused), gives the spec's FILE_SIZE_LIMIT;
 * only a limit actually read is cached, so a later upload tries again. Concurrent first uploads share one read.
 */
export function bucketUploadLimit(readBucket: () => Promise<BucketInfo | null>): BucketUploadLimit {
  let known: number | null = null;
  let reading: Promise<number> | null = null;

  const limitOf = (bucket: BucketInfo) => bucket.fileSizeLimit ?? FILE_SIZE_LIMIT;

  return {
    async get() {
      if (known !== null) return known;
      reading ??= readBucket()
        .then((bucket) => {
          if (bucket === null) return FILE_SIZE_LIMIT;
          known = limitOf(bucket);
          return known;
        })
        .catch(() => FILE_SIZE_LIMIT)
        .finally(() => {
          reading = null;
        });
      return reading;
    },
    remember(bucket) {
      known = limitOf(bucket);
    },
  };
}
