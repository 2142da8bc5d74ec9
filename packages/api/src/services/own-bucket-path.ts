import { bucketPathFromUrl, publicBaseUrlOf } from "@lensroom/storage";

import type { ServiceDeps } from "./deps";

/**
 * The bucket path behind a URL of our own bucket (an old row's `asset_url`, or a result link the old site pointed at
 * its bucket), else null. Both the driver's base and the configured one count: they are the same in a deployment,
 * and a URL stored under either names an object we already hold, to be read through the driver, never over HTTP.
 */
export function ownBucketPath(deps: Pick<ServiceDeps, "env" | "storage">, url: string): string | null {
  const bases = new Set([deps.storage.publicBaseUrl, publicBaseUrlOf(deps.env.storage)]);
  for (const base of bases) {
    const path = bucketPathFromUrl(url, base);
    if (path !== null) return path;
  }
  return null;
}
