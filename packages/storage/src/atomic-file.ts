import { createHash, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { link, mkdir, open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { StorageError } from "./errors";

// Kept by hand: `write-file-atomic` takes a buffer, while uploads stream through a size guard and hashing into the temp
// file, and the same temp file serves the no-overwrite publish (link) as well as the replace (rename).

/** A hidden temp file next to `target`, so the final rename never crosses a file system. */
function tempFileFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomUUID()}.tmp`);
}

export interface WrittenTemp {
  tempFile: string;
  bytes: number;
  sha256: string;
  mtimeMs: number;
}

/**
 * Streams `source` through `guard` (e.g. a size limit) into a fresh temp file next to `target`, fsyncs it and returns its facts.
 * On any failure the temp file is removed and the error rethrown; `target` is never touched.
 */
export async function writeTempFile(target: string, source: NodeJS.ReadableStream, guard: Transform): Promise<WrittenTemp> {
  await mkdir(dirname(target), { recursive: true });
  const tempFile = tempFileFor(target);
  const hash = createHash("sha256");
  let bytes = 0;
  const hasher = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const sink = createWriteStream(tempFile, { flags: "wx" });
  try {
    await pipeline(source, guard, hasher, sink);
    // fsync through a second descriptor: it flushes the file's data, whichever descriptor wrote it.
    const handle = await open(tempFile, "r+");
    try {
      await handle.sync();
      const { mtimeMs } = await handle.stat();
      return { tempFile, bytes, sha256: hash.digest("hex"), mtimeMs };
    } finally {
      await handle.close();
    }
  } catch (error) {
    // A guard can fail before the file is even opened; the open still completes, so wait for the close first.
    if (!sink.closed) await once(sink, "close").catch(() => undefined);
    await unlink(tempFile).catch(() => undefined);
    throw error;
  }
}

/**
 * Moves a finished temp file to `target`. With `replace: false` the move is a hard link that fails
 * atomically when `target` exists (→ `duplicate`), so two writers can never both win.
 */
export async function commitTempFile(tempFile: string, target: string, replace: boolean): Promise<void> {
  try {
    if (replace) {
      await rename(tempFile, target);
    } else {
      await link(tempFile, target);
    }
  } catch (error) {
    if (isErrno(error, "EEXIST")) throw new StorageError("duplicate", "The object already exists");
    throw error;
  } finally {
    await unlink(tempFile).catch(() => undefined);
  }
  await syncDir(dirname(target));
}

/** Writes a small file atomically (temp + fsync + rename). */
export async function writeFileAtomic(target: string, data: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tempFile = tempFileFor(target);
  try {
    const handle = await open(tempFile, "wx");
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tempFile, target);
  } catch (error) {
    await unlink(tempFile).catch(() => undefined);
    throw error;
  }
  await syncDir(dirname(target));
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && "code" in error && error.code === code;
}
