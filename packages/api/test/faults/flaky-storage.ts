import type { Readable } from "node:stream";

import { StorageError, type StorageDriver } from "@lensroom/storage";

export interface FlakyStorageOptions {
  /** The first path uploaded fails this many tries in a row (an outage longer than one upload's own retries). */
  firstPathStreak?: number;
}

/**
 * Test-only decorator: `upload` fails with a transient StorageError ("unavailable", like a 503 from the bucket) with
 * probability `failRate`, before a byte is stored; the first path uploaded also fails its first `firstPathStreak`
 * tries whatever the dice say, so a test can count on that streak happening. Everything else passes through.
 * Counts what it did; `streakPath` is the path the streak hit.
 */
export function flakyStorage(inner: StorageDriver, failRate: number, options: FlakyStorageOptions = {}) {
  const { firstPathStreak = 0 } = options;
  const stats = { uploads: 0, failed: 0, streakPath: null as string | null };
  let streakLeft = firstPathStreak;
  const driver: StorageDriver = {
    kind: inner.kind,
    ensureBucket: () => inner.ensureBucket(),
    getBucket: () => inner.getBucket(),
    async upload(path, body, opts) {
      stats.uploads++;
      stats.streakPath ??= path;
      const inStreak = path === stats.streakPath && streakLeft > 0;
      if (inStreak) streakLeft--;
      if (inStreak || Math.random() < failRate) {
        stats.failed++;
        if (!Buffer.isBuffer(body)) (body as Readable).destroy?.();
        throw new StorageError("unavailable", `upload of ${path} failed (injected storage fault)`, { status: 503 });
      }
      return inner.upload(path, body, opts);
    },
    download: (path, destFile, opts) => inner.download(path, destFile, opts),
    remove: (paths) => inner.remove(paths),
    exists: (path) => inner.exists(path),
    list: (prefix) => inner.list(prefix),
    publicUrl: (path) => inner.publicUrl(path),
    publicBaseUrl: inner.publicBaseUrl,
  };
  return { driver, stats };
}
