import { Transform, type TransformCallback } from "node:stream";
import { StorageError } from "./errors";

/** A pass-through that counts bytes and fails with `StorageError("too_large")` once more than `limit` pass. */
export class ByteLimit extends Transform {
  bytes = 0;
  exceeded = false;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      this.exceeded = true;
      callback(tooLarge(this.limit));
      return;
    }
    callback(null, chunk);
  }
}

export function tooLarge(limit: number, status?: number): StorageError {
  return new StorageError("too_large", `Object exceeds the size limit of ${limit} bytes`, { status });
}
