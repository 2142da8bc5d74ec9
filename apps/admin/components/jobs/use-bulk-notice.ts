"use client";

import type { AdminRouterInputs } from "@lensroom/api/admin";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/trpc/client";

type RunKind = AdminRouterInputs["bulk"]["start"]["kind"];

export interface BulkNotice {
  text: string;
  tone: "ok" | "bad";
  /** A "run of this kind is already active" refusal: it holds only while such a run is. */
  activeKind?: RunKind;
  /** When it was set, to tell a run list fetched since from one fetched before. */
  at: number;
}

/**
 * The starters' notice. A refusal because a run of the kind is already active clears itself once the run list,
 * fetched after the refusal, shows no active run of that kind (it finished or was cancelled, here or elsewhere).
 */
export function useBulkNotice() {
  const trpc = useTRPC();
  const runs = useQuery(trpc.bulk.runs.queryOptions());
  const [notice, setNotice] = useState<BulkNotice | null>(null);
  const stillActive =
    notice?.activeKind === undefined ||
    runs.dataUpdatedAt <= notice.at ||
    (runs.data ?? []).some(({ run }) => run.kind === notice.activeKind && (run.status === "running" || run.status === "paused"));
  // Adjusting state while rendering (React's pattern for state derived from what changed): no stale frame shown.
  if (!stillActive) setNotice(null);
  const show = (text: string, tone: BulkNotice["tone"], activeKind?: RunKind) => setNotice({ text, tone, activeKind, at: Date.now() });
  return { notice: stillActive ? notice : null, show, clear: () => setNotice(null) };
}
