"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";

import type { LibraryItem } from "@/lib/library-item";
import { libraryClient } from "@/lib/library-client";
import { useLiveItems } from "@/lib/use-live-items";

/** The library's own query client: this island is the only React Query user on the page. */
const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } } });

const fetchItems = (ids: string[]) => libraryClient().library.byIds.query({ ids });

interface LibraryLiveProps {
  ids: readonly string[];
  followedAt: number;
  onItems: (items: LibraryItem[]) => void;
}

/**
 * Live status of the library's unfinished (or just re-synced) generations. Loaded and mounted only while there are
 * some, so a library with everything finished loads no React Query and no tRPC client at all.
 */
export function LibraryLive(props: LibraryLiveProps) {
  return (
    <QueryClientProvider client={queryClient}>
      <Poll {...props} />
    </QueryClientProvider>
  );
}

function Poll({ ids, followedAt, onItems }: LibraryLiveProps) {
  useLiveItems({ ids, fetchItems, onItems, followedAt });
  return null;
}
