import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const PREFIX = "lensroom-ingest-";

/** A private scratch folder for one ingest's downloads. */
export const createIngestTempDir = () => mkdtemp(path.join(os.tmpdir(), PREFIX));

/** Remove scratch folders left by killed workers (older than any ingest can run). Called when workers start. */
export async function removeStaleIngestTempDirs(maxAgeMs = 2 * 3600_000, now = Date.now()) {
  const entries = await readdir(os.tmpdir()).catch(() => []);
  let removed = 0;
  for (const name of entries.filter((e) => e.startsWith(PREFIX))) {
    const dir = path.join(os.tmpdir(), name);
    const info = await stat(dir).catch(() => null);
    if (info?.isDirectory() && now - info.mtimeMs > maxAgeMs) {
      await rm(dir, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}
