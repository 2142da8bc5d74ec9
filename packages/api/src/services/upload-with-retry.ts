import pRetry from "p-retry";

import { isStorageError, type StorageDriver, type UploadBody, type UploadOptions } from "@lensroom/storage";

import { classifyIngestError } from "./ingest-errors";

/** Retries after the first try of one upload; the waits are 200, 400 and 800 ms, each spread up to twice that. */
const UPLOAD_RETRIES = 3;

/** How many times one upload is tried before the error goes to the ingest (and from there to the job engine). */
export const UPLOAD_TRIES = UPLOAD_RETRIES + 1;

/**
 * Upload one object, retrying a transient storage error (the bucket answering 503, a dropped connection) a few
 * times with backoff before giving up, so one failed upload does not fail the whole ingest attempt (which would
 * re-download and re-upload everything). Other errors go straight to the caller. `body` is a factory because a
 * stream can be read only once.
 */
export function uploadWithRetry(storage: StorageDriver, path: string, body: () => UploadBody, options: UploadOptions) {
  return pRetry(() => storage.upload(path, body(), options), {
    retries: UPLOAD_RETRIES,
    minTimeout: 200,
    factor: 2,
    randomize: true,
    shouldRetry: ({ error }) => isStorageError(error) && classifyIngestError(error).retryable,
  });
}
