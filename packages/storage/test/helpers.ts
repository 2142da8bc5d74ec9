import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach } from "vitest";

export const USER = "0b6f3a52-8d7e-4c1a-9f2b-3c4d5e6f7a8b";
export const GEN = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
export const PNG_PATH = `${USER}/${GEN}/original.png`;

export const newUuid = (): string => randomUUID();

/** A fresh directory under os.tmpdir(), removed after the test. */
export function useTempDir(): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), "lensroom-storage-"));
    dirs.push(dir);
    return dir;
  };
}

/** `total` zero bytes in 1 MiB chunks, reusing one buffer so 50 MB costs 1 MiB of memory. */
export function zeroStream(total: number, chunkSize = 1 << 20): Readable {
  const chunk = Buffer.alloc(chunkSize);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const size = Math.min(left, chunkSize);
      left -= size;
      this.push(size === chunkSize ? chunk : chunk.subarray(0, size));
    },
  });
}

/** Bytes 0..255 repeating, so ranges are easy to check. */
export function patternBuffer(size: number): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, index) => index % 256));
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject");
}

/** A JWT-shaped Supabase key with `role` (the signature is a placeholder: the fake compares keys, it verifies none). */
export function fakeSupabaseKey(role: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: "supabase", role })}.${Buffer.from(`fake-${role}-signature`).toString("base64url")}`;
}
