import { createReadStream } from "node:fs";

import type { KieClient } from "@lensroom/kie";
import { objectPath, type StorageDriver } from "@lensroom/storage";

import { DownloadError, downloadToFile, type DownloadedFile, type LookupAll } from "../media-io/safe-download";
import { uploadWithRetry } from "./upload-with-retry";

export interface CopiedOutput extends DownloadedFile {
  path: string;
}

export interface CopyOutputsDeps {
  kie: KieClient;
  storage: StorageDriver;
  allowedHosts: string[];
  allowPrivateAddresses: boolean;
  tempDir: string;
  /** DNS resolution for downloads (tests point names at loopback); the system resolver when absent. */
  lookup?: LookupAll;
}

/** Download one result; when KIE's link has expired, ask KIE for a fresh download link once. */
async function downloadWithRefresh(deps: CopyOutputsDeps, url: string, fromKie: boolean): Promise<DownloadedFile> {
  const options = { allowedHosts: deps.allowedHosts, allowPrivateAddresses: deps.allowPrivateAddresses, destDir: deps.tempDir, lookup: deps.lookup };
  try {
    return await downloadToFile(url, options);
  } catch (error) {
    if (!(fromKie && error instanceof DownloadError && error.code === "expired")) throw error;
    const fresh = await deps.kie.getDownloadUrl(url).catch(() => null);
    if (!fresh) throw error;
    return downloadToFile(fresh, options);
  }
}

/**
 * Copy every output into the bucket at deterministic paths (`original.ext`, `original-1.ext`, ...), streamed from
 * a temp file with an explicit content type. Re-running overwrites the same objects: no orphan copies.
 */
export async function copyOutputs(
  deps: CopyOutputsDeps,
  target: { userId: string; generationId: string },
  sources: { urls: string[]; fromKie: boolean },
): Promise<CopiedOutput[]> {
  const copied: CopiedOutput[] = [];
  for (const [index, url] of sources.urls.entries()) {
    const file = await downloadWithRefresh(deps, url, sources.fromKie);
    const name = index === 0 ? `original.${file.media.ext}` : `original-${index}.${file.media.ext}`;
    const path = objectPath(target.userId, target.generationId, name);
    await uploadWithRetry(deps.storage, path, () => createReadStream(file.filePath), {
      contentType: file.media.mime,
      contentLength: file.bytes,
      upsert: true,
      cacheControl: "31536000",
    });
    copied.push({ ...file, path });
  }
  return copied;
}
