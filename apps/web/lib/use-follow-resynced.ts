"use client";

import { useCallback, useState } from "react";

/**
 * Generations just re-synced, to keep polling for a while (`useLiveItems`' `followedAt`): the sync may hand off to a
 * background ingest, so the new state can come a little later than the button's answer.
 */
export function useFollowResynced() {
  const [state, setState] = useState<{ ids: readonly string[]; at: number }>({ ids: [], at: 0 });
  const follow = useCallback((id: string) => setState(({ ids }) => ({ ids: ids.includes(id) ? ids : [...ids, id], at: Date.now() })), []);
  return { followed: state.ids, followedAt: state.at, follow };
}
