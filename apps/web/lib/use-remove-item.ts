"use client";

import { useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback } from "react";

import { useTRPC } from "@/trpc/client";

import type { LibraryPage } from "./library-item";

/**
 * Take one generation out of every cached library page in place (after a delete). Nothing is refetched, so the loaded
 * pages, their cursors and the scroll position stay as they were.
 */
export function useRemoveLibraryItem() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    (id: string) => {
      queryClient.setQueriesData<InfiniteData<LibraryPage>>(trpc.library.list.pathFilter(), (old) => {
        if (!old?.pages) return old;
        let changed = false;
        const pages = old.pages.map((page) => {
          if (!page.items.some((item) => item.id === id)) return page;
          changed = true;
          return { ...page, items: page.items.filter((item) => item.id !== id) };
        });
        return changed ? { ...old, pages } : old;
      });
    },
    [queryClient, trpc],
  );
}
