import type { LibraryItem } from "./library-item";

export interface MediaSource {
  kind: "image" | "video-frame";
  url: string;
}

/**
 * What a tile can show, best first: thumbnail → preview → original. A video original is shown as its first frame.
 * Each failed load moves to the next; when none is left the tile says "No preview".
 */
export function tileSources(item: Pick<LibraryItem, "type" | "thumbnailUrl" | "previewUrl" | "assetUrl" | "assetMime">): MediaSource[] {
  const sources: MediaSource[] = [];
  const seen = new Set<string>();
  const push = (kind: MediaSource["kind"], url: string | null) => {
    if (!url || seen.has(url)) return;
    seen.add(url);
    sources.push({ kind, url });
  };
  push("image", item.thumbnailUrl);
  push("image", item.previewUrl);
  const assetIsVideo = item.type === "video" || item.assetMime?.startsWith("video/") === true;
  push(assetIsVideo ? "video-frame" : "image", item.assetUrl);
  return sources;
}
