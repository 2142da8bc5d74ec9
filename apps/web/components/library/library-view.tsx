"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { isUnfinished, type LibraryFilters as Filters, type LibraryItem } from "@/lib/library-item";
import { libraryListInput, nextLibraryCursor } from "@/lib/library-query";
import { useFallbackSyncOnOpen } from "@/lib/use-fallback-sync";
import { useLiveItems } from "@/lib/use-live-items";
import { useRemoveLibraryItem } from "@/lib/use-remove-item";
import { useMergeLibraryItems } from "@/lib/use-merge-items";
import { useTRPC, useTRPCClient } from "@/trpc/client";

import { EmptyState } from "./empty-state";
import { LibraryFilters } from "./library-filters";
import { LibraryTile } from "./library-tile";

/**
 * The lightbox (player, delete dialog, keyboard handling) is not part of the first load: its code is fetched when a
 * pointer or focus first reaches the grid, so it is there by the time a tile is opened.
 */
const loadLightbox = () => import("./lightbox").then((m) => m.Lightbox);
const Lightbox = dynamic(loadLightbox, { ssr: false });

/** Tiles above the fold load eagerly; everything after is lazy. */
const EAGER_TILES = 6;

export function LibraryView({ filters, openId }: { filters: Filters; openId?: string }) {
  const t = useTranslations("library");
  const trpc = useTRPC();
  const client = useTRPCClient();
  const merge = useMergeLibraryItems();
  useFallbackSyncOnOpen();
  const query = useInfiniteQuery(trpc.library.list.infiniteQueryOptions(libraryListInput(filters), { getNextPageParam: nextLibraryCursor }));
  const items = useMemo(() => dedupe(query.data?.pages.flatMap((page) => page.items) ?? []), [query.data]);

  // Live status for unfinished tiles, merged into the loaded pages in place.
  const unfinished = useMemo(() => items.filter(isUnfinished).map((item) => item.id), [items]);
  const taskIds = useMemo(() => new Map(items.flatMap((item) => (item.taskId ? [[item.id, item.taskId] as const] : []))), [items]);
  useLiveItems(unfinished, merge, taskIds);

  const refreshSoon = useCallback(
    (id: string) => {
      // The sync itself may hand off to a background ingest: look again a few times.
      for (const delay of [0, 1500, 4000, 9000]) {
        setTimeout(() => void client.library.byIds.query({ ids: [id] }).then(merge, () => undefined), delay);
      }
    },
    [client, merge],
  );

  // Infinite scroll: fetch the next page when the sentinel comes within ~2 screens.
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: "1200px 0px" },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const [openIndex, setOpenIndex] = useState<number | null>(null);
  const openedFromUrl = useRef(false);
  useEffect(() => {
    if (!openId || openedFromUrl.current) return;
    const index = items.findIndex((item) => item.id === openId);
    if (index >= 0) {
      openedFromUrl.current = true;
      // eslint-disable-next-line react-hooks/set-state-in-effect -- the item named in the URL opens once, when the page holding it arrives
      setOpenIndex(index);
    }
  }, [openId, items]);
  const open = useCallback((id: string) => setOpenIndex(items.findIndex((item) => item.id === id)), [items]);
  const changeIndex = useCallback(
    (index: number) => {
      setOpenIndex(index);
      if (index >= items.length - 3 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    [items.length, hasNextPage, isFetchingNextPage, fetchNextPage],
  );
  const close = useCallback(() => setOpenIndex(null), []);
  const removeItem = useRemoveLibraryItem();
  const deleted = useCallback(
    (id: string) => {
      const index = items.findIndex((item) => item.id === id);
      removeItem(id);
      // Show the next one (the list shrinks under the same index), the previous at the end, or close when none is left.
      const remaining = items.length - 1;
      setOpenIndex(remaining <= 0 || index < 0 ? null : Math.min(index, remaining - 1));
    },
    [items, removeItem],
  );

  const filtered = Boolean(filters.type ?? filters.status);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <h1 id="library-title" tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
          {t("title")}
        </h1>
        <LibraryFilters filters={filters} />
      </div>

      {query.isError && items.length === 0 ? (
        <div role="alert" className="mt-10 flex flex-col items-center gap-3 text-center">
          <p className="text-zinc-300">{t("loadError")}</p>
          <button type="button" onClick={() => void query.refetch()} className="rounded-lg bg-white/10 px-4 py-2 text-sm hover:bg-white/20">
            {t("retry")}
          </button>
        </div>
      ) : query.isPending ? (
        <div className="justified" aria-busy="true">
          {Array.from({ length: 12 }, (_, i) => (
            <div key={i} className="tile animate-pulse rounded-lg bg-ink-800" style={{ ["--ratio" as string]: 1 }} />
          ))}
        </div>
      ) : items.length === 0 ? (
        <EmptyState filtered={filtered} />
      ) : (
        <div data-testid="library-grid" className="justified" onPointerOver={preloadLightboxOnce} onFocus={preloadLightboxOnce}>
          {items.map((item, index) => (
            <LibraryTile key={item.id} item={item} eager={index < EAGER_TILES} onOpen={open} onResynced={refreshSoon} />
          ))}
        </div>
      )}

      <div ref={sentinel} data-testid="library-sentinel" className="flex h-16 items-center justify-center text-sm text-zinc-400" aria-live="polite">
        {isFetchingNextPage ? (
          t("loadingMore")
        ) : hasNextPage ? (
          <button type="button" onClick={() => void fetchNextPage()} className="rounded-md px-3 py-1.5 hover:bg-white/5">
            {t("loadMore")}
          </button>
        ) : items.length > 0 ? (
          t("end")
        ) : null}
      </div>

      {openIndex !== null && items[openIndex] ? (
        <Lightbox items={items} index={openIndex} onIndexChange={changeIndex} onClose={close} onDeleted={deleted} fallbackFocusId="library-title" />
      ) : null}
    </div>
  );
}

let lightboxRequested = false;
function preloadLightboxOnce() {
  if (lightboxRequested) return;
  lightboxRequested = true;
  void loadLightbox();
}

function dedupe(items: LibraryItem[]): LibraryItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.id) ? false : (seen.add(item.id), true)));
}
