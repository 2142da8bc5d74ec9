import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic, isErrno } from "./atomic-file";
import type { BucketInfo } from "./driver";
import { StorageError } from "./errors";
import { bucketSettingsFile, metaFileOf } from "./local-layout";

const bucketInfoSchema = z.object({
  name: z.string(),
  public: z.boolean(),
  allowedMimeTypes: z.array(z.string()).nullable(),
  fileSizeLimit: z.number().int().nonnegative().nullable(),
});

/** Per-object sidecar. `bytes` + `mtimeMs` tie it to one version of the object file. */
const objectMetaSchema = z.object({
  contentType: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  cacheControl: z.string(),
  mtimeMs: z.number(),
});
export type LocalObjectMeta = z.infer<typeof objectMetaSchema>;

export async function readBucketSettings(rootDir: string): Promise<BucketInfo | null> {
  return readJson(bucketSettingsFile(rootDir), bucketInfoSchema);
}

export async function writeBucketSettings(rootDir: string, info: BucketInfo): Promise<void> {
  await writeFileAtomic(bucketSettingsFile(rootDir), `${JSON.stringify(info, null, 2)}\n`);
}

/** The sidecar of an object file, or null when missing or unreadable (callers fall back to stat). */
export async function readObjectMeta(file: string): Promise<LocalObjectMeta | null> {
  try {
    return await readJson(metaFileOf(file), objectMetaSchema);
  } catch {
    return null;
  }
}

export async function writeObjectMeta(file: string, meta: LocalObjectMeta): Promise<void> {
  await writeFileAtomic(metaFileOf(file), `${JSON.stringify(meta)}\n`);
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return null;
    throw new StorageError("unavailable", `Cannot read ${file}`, { cause: error });
  }
  const parsed = schema.safeParse(safeJson(text));
  if (!parsed.success) throw new StorageError("unknown", `Corrupt metadata file ${file}`, { cause: parsed.error });
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
