"use client";

import { useEffect, useRef } from "react";

import { useTRPCClient } from "@/trpc/client";

import { type LibraryItem } from "./library-item";
import { requestResync } from "./resync";

const FALLBACK_SYNC = process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "true" || process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "1";
/** After this many polls (~1 min) without a finish, optionally ask the server to re-sync with KIE once. */
const FALLBACK_AFTER_ATTEMPTS = 8;

/** 1.5 s, 2.25 s, 3.4 s … capped at 15 s, with a little jitter so many tabs do not poll in step. */
const pollDelay = (attempt: number) => Math.min(1500 * 1.5 ** attempt, 15_000) * (0.9 + Math.random() * 0.2);

/**
 * Poll `library.byIds` for the given unfinished generations with backoff and hand every fresh batch to `onItems`.
 * Stops by itself when `ids` becomes empty (everything finished); pauses while the tab is hidden.
 */
export function useLiveItems(ids: readonly string[], onItems: (items: LibraryItem[]) => void, taskIds?: ReadonlyMap<string, string>) {
  const client = useTRPCClient();
  const onItemsRef = useRef(onItems);
  const taskIdsRef = useRef(taskIds);
  useEffect(() => {
    onItemsRef.current = onItems;
    taskIdsRef.current = taskIds;
  });
  const key = [...ids].sort().join(",");

  useEffect(() => {
    if (!key) return;
    const idList = key.split(",").slice(0, 100);
    let attempt = 0;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      if (document.visibilityState === "visible") {
        try {
          const items = await client.library.byIds.query({ ids: idList });
          if (!cancelled) onItemsRef.current(items);
        } catch {
          // a failed poll just waits for the next, longer, delay
        }
        attempt += 1;
        if (FALLBACK_SYNC && attempt === FALLBACK_AFTER_ATTEMPTS) {
          for (const id of idList) {
            const taskId = taskIdsRef.current?.get(id);
            if (taskId) void requestResync(taskId).catch(() => undefined);
          }
        }
      }
      if (!cancelled) timer = setTimeout(() => void tick(), pollDelay(attempt));
    };
    timer = setTimeout(() => void tick(), pollDelay(0));
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key, client]);
}
