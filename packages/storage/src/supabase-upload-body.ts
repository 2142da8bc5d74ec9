import { pipeline, Transform, type TransformCallback } from "node:stream";
import { ByteLimit, tooLarge } from "./byte-limit";
import type { UploadBody } from "./driver";
import { StorageError } from "./errors";

export interface CountedUploadBody {
  payload: Buffer | NodeJS.ReadableStream;
  /** Extra request headers: the Content-Length of a stream whose length was declared. */
  headers: Record<string, string>;
  /** Bytes that went out (a Buffer's length, or what the stream passed). */
  bytes(): number;
  /** Why the body failed on our side (over the cap, or not the declared length), once the request has failed. */
  failure(): StorageError | null;
}

/**
 * A Buffer goes out as it is (fetch declares its length). A stream passes through our byte cap, which is the only
 * size check a chunked upload gets, and, when its length was declared, goes out with that Content-Length (the
 * server then checks it against the bucket before reading the body) and is held to exactly that many bytes.
 */
export function countedUploadBody(body: UploadBody, maxBytes: number, declaredBytes: number | null): CountedUploadBody {
  if (Buffer.isBuffer(body)) return { payload: body, headers: {}, bytes: () => body.length, failure: () => null };
  const limit = new ByteLimit(maxBytes);
  if (declaredBytes === null) {
    return {
      payload: pipeline(body, limit, () => undefined),
      headers: {},
      bytes: () => limit.bytes,
      failure: () => (limit.exceeded ? tooLarge(maxBytes) : null),
    };
  }
  const length = new DeclaredLength(declaredBytes);
  return {
    payload: pipeline(body, limit, length, () => undefined),
    headers: { "content-length": String(declaredBytes) },
    bytes: () => limit.bytes,
    failure: () => (limit.exceeded ? tooLarge(maxBytes) : length.mismatch),
  };
}

/** Fails a stream that turns out longer or shorter than its declared length, saying so (fetch would only report a socket error). */
class DeclaredLength extends Transform {
  private seen = 0;
  mismatch: StorageError | null = null;

  constructor(private readonly declared: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.declared) {
      callback(this.fail(`more than the declared contentLength of ${this.declared} bytes`));
      return;
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.seen < this.declared) {
      callback(this.fail(`${this.seen} bytes, not the declared contentLength of ${this.declared}`));
      return;
    }
    callback();
  }

  private fail(detail: string): StorageError {
    this.mismatch = new StorageError("unknown", `Upload stream sent ${detail}`);
    return this.mismatch;
  }
}
