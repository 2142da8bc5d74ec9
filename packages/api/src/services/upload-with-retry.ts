import { setTimeout as sleep } from "node:timers/promises";

import { isStorageError, type StorageDriver, type UploadBody, type UploadOptions } from "@lensroom/storage";

import { classifyIngestError } from "./ingest-errors";

/** Waits before the 2nd, 3rd and 4th try of one upload (halved to doubled by jitter). */
const RETRY_DELAYS_MS = [200, 400, 800];

/** How many times one upload is tried before the error goes to the ingest (and from there to the job engine). */
export const UPLOAD_TRIES = RETRY_DELAYS_MS.length + 1;

/**
 * Upload one object, retrying a transient storage error (the bucket answering 503, a dropped connection) a few
 * times with backoff before giving up. Without this, one failed upload fails the whole ingest attempt, which then
 * re-downloads and re-uploads everything: with half of all uploads failing only 1 attempt in 8 got through and
 * generations ran out of job attempts. `body` is a factory because a stream can be read only once.
 */
export async function uploadWithRetry(storage: StorageDriver, path: string, body: () => UploadBody, options: UploadOptions) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await storage.upload(path, body(), options);
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isStorageError(error) || !classifyIngestError(error).retryable) throw error;
      await sleep(delay / 2 + Math.random() * delay * 1.5);
    }
  }
}
