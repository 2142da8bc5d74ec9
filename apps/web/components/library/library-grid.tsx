"use client";

import dynamic from "next/dynamic";
import { Fragment, startTransition, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type PointerEvent, type ReactNode } from "react";

import type { ClientIntl } from "@/lib/client-intl";
import { byPage, withDetails, withFresh, withPage, withServerTiles, type LibraryEntry } from "@/lib/library-entries";
import { isUnfinished, type LibraryFilters, type LibraryItem } from "@/lib/library-item";
import { libraryListInput } from "@/lib/library-query";
import { onResynced } from "@/lib/resynced-event";
import { watchScrolling } from "@/lib/scroll-activity";
import { watchTileMedia } from "@/lib/tile-media-events";
import { useFollowResynced } from "@/lib/use-follow-resynced";

import type { createHoverPlayback } from "./hover-playback";
import type { ClientTiles } from "./client-tiles";

/**
 * The lightbox (player, delete dialog, keyboard handling) is not part of the first load: its code is fetched when a
 * pointer or focus first reaches the grid, so it is there by the time a tile is opened.
 */
const loadLightbox = () => import("./lightbox").then((m) => m.LibraryLightbox);
const Lightbox = dynamic(loadLightbox, { ssr: false });
/** Live status: loaded only while something is unfinished (or was just re-synced). */
const LibraryLive = dynamic(() => import("./library-live").then((m) => m.LibraryLive), { ssr: false });
const loadClient = () => import("@/lib/library-client").then((m) => m.libraryClient());
const loadHover = () => import("./hover-playback").then((m) => m.createHoverPlayback());

/** About two phone screens. */
const PREFETCH_MARGIN_PX = 1200;

interface LibraryGridLabels {
  loadingMore: string;
  loadMore: string;
  end: string;
}

interface LibraryGridProps {
  /** The first page, rendered on the server (each tile a server component). */
  tiles: { id: string; eager: boolean; version: string; node: ReactNode }[];
  nextCursor: string | null;
  filters: LibraryFilters;
  /** `?open=<id>`: open this generation once its tile is there. */
  openId?: string;
  /** The first page's unfinished generations: live status starts only when there are some. */
  unfinished: string[];
  labels: LibraryGridLabels;
  /** For tiles drawn here and the lightbox. */
  intl: ClientIntl;
}

/**
 * The client side of the library grid, one island for all tiles: by event delegation it opens the lightbox, plays
 * videos on hover, watches image loads and failures, and hears Re-sync answers; it appends further keyset pages near
 * the end and keeps unfinished tiles live. Tiles stay the server's rendering until their state changes; client code
 * for drawing tiles (and tRPC, React Query) loads only when a page, a failure or an update needs it.
 */
export function LibraryGrid({ tiles, nextCursor, filters, openId, unfinished, labels, intl }: LibraryGridProps) {
  const [entries, setEntries] = useState<readonly LibraryEntry[]>(() =>
    tiles.map(({ id, eager, version, node }) => ({ id, page: 0, eager, version, node, item: null, failed: [] })),
  );
  // A refresh (the language switched) renders the first page's tiles again on the server: take them.
  const [serverTiles, setServerTiles] = useState(tiles);
  if (serverTiles !== tiles) {
    setServerTiles(tiles);
    setEntries((list) => withServerTiles(list, tiles));
  }
  const entriesRef = useRef(entries);
  useEffect(() => {
    entriesRef.current = entries;
  });
  const [Tiles, setTiles] = useState<typeof ClientTiles | null>(null);
  const loadTile = useCallback(async () => {
    const { ClientTiles: loaded } = await import("./client-tiles");
    setTiles(() => loaded);
  }, []);

  // Further pages: the next one is fetched when the sentinel comes within PREFETCH_MARGIN_PX of the screen.
  const [cursor, setCursor] = useState(nextCursor);
  const [loading, setLoading] = useState(false);
  const loadingRef = useRef(false);
  const pageNumber = useRef(0);
  const loadMore = useCallback(async () => {
    if (!cursor || loadingRef.current) return;
    loadingRef.current = true;
    setLoading(true);
    try {
      const [client] = await Promise.all([loadClient(), loadTile()]);
      const page = await client.library.list.query({ ...libraryListInput(filters), cursor });
      pageNumber.current += 1;
      const number = pageNumber.current;
      // A whole page of tiles renders in slices (a transition yields to input), never as one long task.
      startTransition(() => {
        setEntries((list) => withPage(list, page.items, number));
        setCursor(page.nextCursor);
      });
    } catch {
      // The sentinel offers "Load more" again.
    } finally {
      loadingRef.current = false;
      setLoading(false);
    }
  }, [cursor, filters, loadTile]);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !cursor) return;
    const observer = new IntersectionObserver((observed) => observed.some((e) => e.isIntersecting) && void loadMore(), {
      rootMargin: `${PREFETCH_MARGIN_PX}px 0px`,
    });
    const start = () => observer.observe(node);
    // Nothing more while the page loads: the next page (and the code that draws it) waits for the first scroll, unless
    // the first page is too short to scroll.
    if (window.scrollY > 0 || document.documentElement.scrollHeight <= window.innerHeight + PREFETCH_MARGIN_PX) start();
    else window.addEventListener("scroll", start, { once: true, passive: true });
    return () => {
      window.removeEventListener("scroll", start);
      observer.disconnect();
    };
  }, [cursor, loadMore]);

  // Fresh state (live polling, a re-sync's answer, details fetched for a failed tile): drawn by client code.
  const applyFresh = useCallback(
    async (items: LibraryItem[]) => {
      await loadTile();
      startTransition(() => setEntries((list) => withFresh(list, items)));
    },
    [loadTile],
  );
  const fetchDetails = useCallback(async (ids: string[]) => {
    if (ids.length === 0) return [];
    const client = await loadClient();
    const items = await client.library.byIds.query({ ids: ids.slice(0, 100) });
    setEntries((list) => withDetails(list, items));
    return items;
  }, []);

  const { followed, followedAt, follow } = useFollowResynced();

  // A tile image that fails to load: draw the tile again with its next source (thumbnail → preview → original → words).
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = grid.current;
    if (!root) return;
    watchScrolling();
    const stopMedia = watchTileMedia(root, (id, url) => {
      void (async () => {
        const known = entriesRef.current.find((entry) => entry.id === id);
        if (!known || known.failed.includes(url)) return;
        const item = known.item ?? (await fetchDetails([id]).catch(() => []))[0];
        if (!item) return;
        await loadTile();
        setEntries((list) => list.map((entry) => (entry.id === id ? { ...entry, item, node: null, failed: [...entry.failed, url] } : entry)));
      })();
    });
    const stopResynced = onResynced(root, follow);
    return () => {
      stopMedia();
      stopResynced();
    };
  }, [fetchDetails, loadTile, follow]);

  // Live status for unfinished tiles (and, for a while, re-synced ones).
  const serverUnfinished = useMemo(() => new Set(unfinished), [unfinished]);
  const liveIds = useMemo(
    () => [...entries.filter((e) => (e.item && e.node === null ? isUnfinished(e.item) : serverUnfinished.has(e.id))).map((e) => e.id), ...followed],
    [entries, serverUnfinished, followed],
  );
  const onLiveItems = useCallback((items: LibraryItem[]) => void applyFresh(items), [applyFresh]);

  // Hover playback: the mouse resting on a video tile (code loaded on the first hover).
  const hover = useRef<Promise<ReturnType<typeof createHoverPlayback>> | null>(null);
  const hovered = useRef<HTMLElement | null>(null);
  const onPointerOver = (event: PointerEvent<HTMLDivElement>) => {
    preloadLightboxOnce();
    if (event.pointerType !== "mouse" || !(event.target instanceof Element)) return;
    const tile = event.target.closest<HTMLElement>("[data-generation-id]");
    if (!tile || tile === hovered.current) return;
    hovered.current = tile;
    if (!tile.dataset.hoverSrc) return void hover.current?.then((h) => h.leave());
    hover.current ??= loadHover();
    void hover.current.then((h) => hovered.current === tile && h.enter(tile));
  };
  const onPointerOut = (event: PointerEvent<HTMLDivElement>) => {
    const to = event.relatedTarget instanceof Element ? event.relatedTarget.closest("[data-generation-id]") : null;
    if (hovered.current && to === hovered.current) return;
    hovered.current = null;
    void hover.current?.then((h) => h.leave());
  };

  // The lightbox: details of the open tile and its neighbours are fetched on demand.
  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const detailsAround = useCallback(
    (index: number) => {
      const around = entriesRef.current.slice(Math.max(0, index - 10), index + 11);
      return fetchDetails(around.filter((entry) => !entry.item).map((entry) => entry.id)).catch(() => []);
    },
    [fetchDetails],
  );
  const open = useCallback(
    async (index: number) => {
      void loadLightbox();
      await detailsAround(index);
      setOpenIndex(index);
    },
    [detailsAround],
  );
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (!(event.target instanceof Element) || !event.target.closest("[data-open]")) return;
    const id = event.target.closest("[data-generation-id]")?.getAttribute("data-generation-id");
    const index = entries.findIndex((entry) => entry.id === id);
    if (index >= 0) void open(index);
  };
  const openedFromUrl = useRef(false);
  useEffect(() => {
    if (!openId || openedFromUrl.current) return;
    const index = entries.findIndex((entry) => entry.id === openId);
    if (index < 0) return;
    openedFromUrl.current = true;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the item named in the URL opens once, when the page holding it arrives
    void open(index);
  }, [openId, entries, open]);
  const changeIndex = useCallback(
    (index: number) => {
      setOpenIndex(index);
      void detailsAround(index);
      if (index >= entriesRef.current.length - 3) void loadMore();
    },
    [detailsAround, loadMore],
  );
  const close = useCallback(() => setOpenIndex(null), []);
  const deleted = useCallback((id: string) => {
    const list = entriesRef.current;
    const index = list.findIndex((entry) => entry.id === id);
    setEntries(list.filter((entry) => entry.id !== id));
    // Show the next one (the list shrinks under the same index), the previous at the end, or close when none is left.
    const remaining = list.length - 1;
    setOpenIndex(remaining <= 0 || index < 0 ? null : Math.min(index, remaining - 1));
  }, []);
  const items = useMemo(() => entries.map((entry) => entry.item), [entries]);

  return (
    <>
      <div
        ref={grid}
        data-testid="library-grid"
        className="flex flex-col gap-1.5 sm:gap-2"
        onClick={onClick}
        onPointerOver={onPointerOver}
        onPointerOut={onPointerOut}
        onFocus={preloadLightboxOnce}
      >
        {byPage(entries).map((page) => (
          <div key={page[0]?.page} className="justified">
            {page[0]?.page === 0 ? (
              page.map((entry) =>
                entry.node !== null ? <Fragment key={entry.id}>{entry.node}</Fragment> : Tiles ? <Tiles key={entry.id} intl={intl} entries={[entry]} /> : null,
              )
            ) : Tiles ? (
              <Tiles intl={intl} entries={page} />
            ) : null}
            <span hidden data-page-end />
          </div>
        ))}
      </div>

      <div ref={sentinel} data-testid="library-sentinel" className="flex h-16 items-center justify-center text-sm text-zinc-400" aria-live="polite">
        {loading ? (
          labels.loadingMore
        ) : cursor ? (
          <button type="button" onClick={() => void loadMore()} className="rounded-md px-3 py-1.5 hover:bg-white/5">
            {labels.loadMore}
          </button>
        ) : entries.length > 0 ? (
          labels.end
        ) : null}
      </div>

      {liveIds.length > 0 ? <LibraryLive ids={liveIds} followedAt={followedAt} onItems={onLiveItems} /> : null}
      {openIndex !== null && items[openIndex] ? (
        <Lightbox intl={intl} items={items} index={openIndex} onIndexChange={changeIndex} onClose={close} onDeleted={deleted} fallbackFocusId="library-title" />
      ) : null}
    </>
  );
}

let lightboxRequested = false;
function preloadLightboxOnce() {
  if (lightboxRequested) return;
  lightboxRequested = true;
  void loadLightbox();
}
