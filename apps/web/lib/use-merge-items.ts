"use client";

import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";

import { useTRPC } from "@/trpc/client";

import type { LibraryItem, LibraryPage } from "./library-item";

/**
 * Write fresh items into every cached library page in place: loaded pages, order and scroll position stay;
 * only the tiles that changed re-render. (Reloading page 1 instead is what broke the old library.)
 */
export function useMergeLibraryItems() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (fresh: readonly LibraryItem[]) => {
      if (fresh.length === 0) return;
      const byId = new Map(fresh.map((item) => [item.id, item]));
      queryClient.setQueriesData<InfiniteData<LibraryPage>>(trpc.library.list.pathFilter(), (old) => {
        if (!old?.pages) return old;
        let changed = false;
        const pages = old.pages.map((page) => {
          let pageChanged = false;
          const items = page.items.map((item) => {
            const next = byId.get(item.id);
            if (!next || !differs(item, next)) return item;
            pageChanged = true;
            return next;
          });
          if (!pageChanged) return page;
          changed = true;
          return { ...page, items };
        });
        return changed ? { ...old, pages } : old;
      });
    },
    [queryClient, trpc],
  );
}

const differs = (a: LibraryItem, b: LibraryItem) =>
  a.status !== b.status ||
  a.thumbnailUrl !== b.thumbnailUrl ||
  a.previewUrl !== b.previewUrl ||
  a.assetUrl !== b.assetUrl ||
  a.mediaStatus !== b.mediaStatus ||
  a.noPreviewReason !== b.noPreviewReason ||
  a.placeholder !== b.placeholder ||
  a.failureReason !== b.failureReason;
