import type { ReactNode } from "react";

import type { LibraryItem } from "./library-item";

/**
 * One tile of the library grid on the client: the server's rendering (`node`) until something about it changes, then
 * drawn by client code from `item`. `item` is also known for tiles still showing the server's rendering once the
 * lightbox has fetched their details.
 */
export interface LibraryEntry {
  id: string;
  /** Keyset page it arrived with: each page is its own block of rows, so appending one never moves another's tiles. */
  page: number;
  eager: boolean;
  /** `tileVersion` of what the tile shows now. */
  version: string;
  node: ReactNode | null;
  item: LibraryItem | null;
  /** Source URLs that failed to load in this tile. */
  failed: readonly string[];
}

/**
 * A short fingerprint of everything a tile shows that can change (status, sources, placeholder, reasons): the server
 * sends it with each tile it rendered, so fresh state redraws only the tiles that really changed (FNV-1a, 32 bits).
 */
export function tileVersion(item: LibraryItem): string {
  const text = [
    item.status,
    item.thumbnailUrl,
    item.previewUrl,
    item.assetUrl,
    item.mediaStatus,
    item.noPreviewReason,
    item.canResync,
    item.placeholder,
    item.errorCode,
    item.failureReason,
  ].join("\u0000");
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(36);
}

/** Details for the lightbox: tiles keep the server's rendering. */
export function withDetails(entries: readonly LibraryEntry[], items: readonly LibraryItem[]): LibraryEntry[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  return entries.map((entry) => {
    const item = byId.get(entry.id);
    return item && !entry.item ? { ...entry, item } : entry;
  });
}

/**
 * The server rendered the first page again (the language was switched: `router.refresh()`): its tiles take the new
 * rendering; tiles drawn here, later pages and deletions stay as they are.
 */
export function withServerTiles(entries: readonly LibraryEntry[], tiles: readonly { id: string; version: string; node: ReactNode }[]): LibraryEntry[] {
  const byId = new Map(tiles.map((tile) => [tile.id, tile]));
  return entries.map((entry) => {
    const tile = entry.node === null ? undefined : byId.get(entry.id);
    return tile ? { ...entry, node: tile.node, version: tile.version } : entry;
  });
}

/** Fresh state from live polling or a re-sync: a tile whose state changed (or was never known here) is drawn again. */
export function withFresh(entries: readonly LibraryEntry[], items: readonly LibraryItem[]): readonly LibraryEntry[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  let changed = false;
  const next = entries.map((entry) => {
    const item = byId.get(entry.id);
    if (!item) return entry;
    const version = tileVersion(item);
    if (version === entry.version) return entry;
    changed = true;
    return { ...entry, item, version, node: null, failed: [] };
  });
  return changed ? next : entries;
}

/** The next keyset page, without ids already shown (a generation deleted or added meanwhile can shift pages). */
export function withPage(entries: readonly LibraryEntry[], items: readonly LibraryItem[], page: number): LibraryEntry[] {
  const seen = new Set(entries.map((entry) => entry.id));
  const added = items
    .filter((item) => !seen.has(item.id))
    .map((item) => ({ id: item.id, page, eager: false, version: tileVersion(item), node: null, item, failed: [] }));
  return [...entries, ...added];
}

/** Entries grouped by keyset page, in order. */
export function byPage(entries: readonly LibraryEntry[]): LibraryEntry[][] {
  const pages: LibraryEntry[][] = [];
  for (const entry of entries) {
    const last = pages[pages.length - 1];
    if (last?.[0]?.page === entry.page) last.push(entry);
    else pages.push([entry]);
  }
  return pages;
}
