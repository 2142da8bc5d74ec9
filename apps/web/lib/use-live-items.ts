"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { isUnfinished, type LibraryItem } from "./library-item";
import { requestResync } from "./resync";

const FALLBACK_SYNC = process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "true" || process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "1";
/** After this many polls (~1 min) without a finish, optionally ask the server to re-sync each task with KIE once. */
const FALLBACK_AFTER_ATTEMPTS = 8;
/** How long a re-synced generation is looked at again even if it reads finished (the sync may hand off to an ingest). */
const FOLLOW_MS = 10_000;

/** Whether a re-sync that answered at `followedAt` is recent enough to keep polling for. */
const stillFollowing = (followedAt: number) => Date.now() < followedAt + FOLLOW_MS;

/** 1.5 s, 2.25 s, 3.4 s … capped at 15 s, with a little jitter so many tabs do not poll in step. */
const pollDelay = (attempt: number) => Math.min(1500 * 1.5 ** attempt, 15_000) * (0.9 + Math.random() * 0.2);

interface LiveItemsOptions {
  /** Generations to watch: the unfinished ones, and any just re-synced (see `followedAt`). At most 100 are polled. */
  ids: readonly string[];
  /** `library.byIds` through whichever client the page has. */
  fetchItems: (ids: string[]) => Promise<LibraryItem[]>;
  /** Every fresh batch. */
  onItems: (items: LibraryItem[]) => void;
  /** When a Re-sync last answered (ms since epoch): polling goes on for a while after it even if nothing reads unfinished. */
  followedAt?: number;
}

/**
 * Live status through TanStack Query's own polling: `refetchInterval` backs off while something is unfinished (or was
 * just re-synced) and returns `false` once everything has finished; nothing polls while the tab is hidden. A re-sync
 * refetches at once (`invalidateQueries`).
 */
export function useLiveItems({ ids, fetchItems, onItems, followedAt = 0 }: LiveItemsOptions) {
  const queryClient = useQueryClient();
  const idList = [...new Set(ids)].sort().slice(0, 100);
  const queryKey = ["library-live", idList] as const;
  const followedRef = useRef(followedAt);
  const fetchRef = useRef(fetchItems);
  const onItemsRef = useRef(onItems);
  useEffect(() => {
    followedRef.current = followedAt;
    fetchRef.current = fetchItems;
    onItemsRef.current = onItems;
  });

  const query = useQuery({
    queryKey,
    queryFn: () => fetchRef.current([...idList]),
    enabled: idList.length > 0,
    staleTime: 0,
    refetchInterval: (q) => {
      // No answer yet (a failed poll): the ids were unfinished when asked for, so keep trying, further apart.
      const unfinished = q.state.data?.some(isUnfinished) ?? true;
      return unfinished || stillFollowing(followedRef.current) ? pollDelay(q.state.dataUpdateCount + q.state.errorUpdateCount) : false;
    },
    refetchIntervalInBackground: false,
  });

  useEffect(() => {
    if (query.data) onItemsRef.current(query.data);
  }, [query.data]);

  useEffect(() => {
    if (followedAt > 0) void queryClient.invalidateQueries({ queryKey: ["library-live"] });
  }, [followedAt, queryClient]);

  // The fallback sync: after enough polls without a finish, ask once per task (the page never waits for it).
  const asked = useRef(new Set<string>());
  const polls = queryClient.getQueryState(queryKey)?.dataUpdateCount ?? 0;
  useEffect(() => {
    if (!FALLBACK_SYNC || polls < FALLBACK_AFTER_ATTEMPTS || !query.data) return;
    for (const item of query.data) {
      if (!isUnfinished(item) || !item.taskId || asked.current.has(item.taskId)) continue;
      asked.current.add(item.taskId);
      void requestResync(item.taskId).catch(() => undefined);
    }
  }, [polls, query.data]);
}
