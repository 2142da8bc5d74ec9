import type { Readable } from "node:stream";

import { StorageError, type StorageDriver } from "@lensroom/storage";

/**
 * Test-only decorator: `upload` fails with a transient StorageError ("unavailable", like a 503 from the bucket) with
 * probability `failRate`, before a byte is stored. Everything else passes through. Counts what it did.
 */
export function flakyStorage(inner: StorageDriver, failRate: number, random: () => number = Math.random) {
  const stats = { uploads: 0, failed: 0 };
  const driver: StorageDriver = {
    kind: inner.kind,
    ensureBucket: () => inner.ensureBucket(),
    getBucket: () => inner.getBucket(),
    async upload(path, body, opts) {
      stats.uploads++;
      if (random() < failRate) {
        stats.failed++;
        if (!Buffer.isBuffer(body)) (body as Readable).destroy?.();
        throw new StorageError("unavailable", `upload of ${path} failed (injected storage fault)`, { status: 503 });
      }
      return inner.upload(path, body, opts);
    },
    remove: (paths) => inner.remove(paths),
    exists: (path) => inner.exists(path),
    list: (prefix) => inner.list(prefix),
    publicUrl: (path) => inner.publicUrl(path),
  };
  return { driver, stats };
}
