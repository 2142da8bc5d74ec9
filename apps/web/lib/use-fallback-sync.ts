"use client";

import { useEffect, useRef } from "react";

import { useTRPCClient } from "@/trpc/client";

const ENABLED = process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "true" || process.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC === "1";

/**
 * Once per library open (when NEXT_PUBLIC_KIE_FALLBACK_SYNC is on): ask the server to queue syncs of our stale
 * unfinished generations. Fire-and-forget: the page never waits for it, and a failure changes nothing on screen.
 */
export function useFallbackSyncOnOpen() {
  const client = useTRPCClient();
  const sent = useRef(false);
  useEffect(() => {
    if (!ENABLED || sent.current) return;
    sent.current = true;
    void client.library.fallbackSync.mutate().catch(() => undefined);
  }, [client]);
}
