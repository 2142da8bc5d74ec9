import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Transform, type Readable, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { DownloadError } from "./download-error";

export interface WriteCappedFileOptions<T> {
  maxBytes: number;
  /** Bytes collected before `inspectHead` is called (fewer if the body is shorter). */
  headBytes: number;
  /** Called once with the first bytes; throw to stop the transfer early. */
  inspectHead: (head: Buffer) => T;
  signal: AbortSignal;
}

/**
 * Streams `body` into `filePath`, never holding more than a chunk in memory. More than `maxBytes` →
 * `DownloadError("too_large")`. On any failure the partial file is deleted before the error is rethrown.
 */
export async function writeCappedFile<T>(body: Readable, filePath: string, options: WriteCappedFileOptions<T>): Promise<{ bytes: number; inspected: T }> {
  let bytes = 0;
  let head = Buffer.alloc(0);
  let inspected: { value: T } | undefined;
  const inspect = (): void => {
    inspected ??= { value: options.inspectHead(head) };
  };

  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      try {
        bytes += chunk.length;
        if (bytes > options.maxBytes) throw new DownloadError("too_large", `the file is larger than ${options.maxBytes} bytes`);
        if (!inspected) {
          head = Buffer.concat([head, chunk.subarray(0, options.headBytes - head.length)]);
          if (head.length >= options.headBytes) inspect();
        }
        callback(null, chunk);
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
    flush(callback: TransformCallback) {
      try {
        inspect();
        callback();
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)));
      }
    },
  });

  try {
    await pipeline(body, guard, createWriteStream(filePath, { flags: "wx" }), { signal: options.signal });
  } catch (error) {
    await rm(filePath, { force: true });
    throw error;
  }
  if (!inspected) throw new Error("unreachable: the head is inspected at the latest when the body ends");
  return { bytes, inspected: inspected.value };
}
