import type { Generation } from "@lensroom/db";
import { isStorageError } from "@lensroom/storage";

import { copyOutputs, type CopiedOutput, type CopyOutputsDeps } from "./copy-outputs";
import { readBucketObject } from "./read-bucket-object";

/** Where an ingest's outputs come from. */
export type SourcePlan =
  /** The asset is already in our bucket (at a new or an old path): read it there, copy nothing. */
  | { kind: "bucket"; assetPath: string; outputPaths: string[]; fallbackUrls: string[] }
  /** Links to copy in (KIE's, another provider's, or our own bucket's). */
  | { kind: "urls"; urls: string[]; fromKie: boolean };

export interface GatheredOutputs {
  /** The outputs read into temp files; the first is the one derivatives are made from. */
  outputs: CopiedOutput[];
  /** What `output_paths` holds once published. */
  outputPaths: string[];
}

type SourceColumns = Pick<Generation, "assetPath" | "assetUrl" | "resultUrls" | "outputPaths">;

/**
 * A row with `asset_path` has its file in the bucket already: derivatives are made from that object, and its links
 * are only a fallback for when the object is gone. Otherwise KIE's links first; a legacy row with only an asset URL
 * gets derivatives made from it. Null when there is nothing to ingest.
 */
export function planSources(row: SourceColumns, rederive: boolean): SourcePlan | null {
  const resultUrls = row.resultUrls ?? [];
  if (row.assetPath) {
    const known = row.outputPaths ?? [];
    const outputPaths = known.includes(row.assetPath) ? known : [row.assetPath, ...known];
    return { kind: "bucket", assetPath: row.assetPath, outputPaths, fallbackUrls: resultUrls };
  }
  const fromKie = resultUrls.length > 0 && !(rederive && row.assetUrl);
  const urls = fromKie ? resultUrls : row.assetUrl ? [row.assetUrl] : [];
  return urls.length > 0 ? { kind: "urls", urls, fromKie } : null;
}

/**
 * Reads or copies a plan's outputs; an asset missing from the bucket (or at a path that cannot be read) falls back to
 * the row's links when it has any.
 */
export async function gatherOutputs(deps: CopyOutputsDeps, target: { userId: string; generationId: string }, plan: SourcePlan): Promise<GatheredOutputs> {
  const copy = async (sources: { urls: string[]; fromKie: boolean }): Promise<GatheredOutputs> => {
    const outputs = await copyOutputs(deps, target, sources);
    return { outputs, outputPaths: outputs.map((output) => output.path) };
  };
  if (plan.kind === "urls") return copy(plan);
  try {
    const asset = await readBucketObject(deps.storage, plan.assetPath, deps.tempDir);
    return { outputs: [asset], outputPaths: plan.outputPaths };
  } catch (error) {
    // Gone, or at a path no driver can read: the links (when there are any) can still give the file back.
    const unreadable = isStorageError(error, "not_found") || isStorageError(error, "invalid_path");
    if (!unreadable || plan.fallbackUrls.length === 0) throw error;
  }
  return copy({ urls: plan.fallbackUrls, fromKie: true });
}
