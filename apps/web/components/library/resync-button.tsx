"use client";

import { useRef, useState } from "react";

import { requestResync } from "@/lib/resync";
import { announceResynced } from "@/lib/resynced-event";

export interface ResyncLabels {
  resync: string;
  resyncing: string;
  done: string;
  /** Holds `{message}`, replaced by the server's words. */
  failed: string;
}

/**
 * Asks the server to sync the task with KIE again, then announces it (a bubbling event) so the page showing the
 * generation looks at it again. Its words come as props: it is the only client code of a server-rendered tile.
 */
export function ResyncButton({ taskId, generationId, labels }: { taskId: string; generationId: string; labels: ResyncLabels }) {
  const root = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ kind: "idle" | "busy" | "done" } | { kind: "error"; message: string }>({ kind: "idle" });
  const run = async () => {
    setState({ kind: "busy" });
    try {
      await requestResync(taskId);
      setState({ kind: "done" });
      if (root.current) announceResynced(root.current, generationId);
    } catch (error) {
      setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div ref={root} className="relative z-20 flex flex-col items-center gap-1">
      <button
        type="button"
        data-testid="tile-resync"
        onClick={() => void run()}
        disabled={state.kind === "busy"}
        className="rounded-md bg-white/10 px-2.5 py-1.5 text-xs font-medium text-white hover:bg-white/20 disabled:opacity-60"
      >
        {state.kind === "busy" ? labels.resyncing : labels.resync}
      </button>
      <span role="status" className="text-[11px] text-zinc-400">
        {state.kind === "error" ? labels.failed.replace("{message}", state.message) : state.kind === "done" ? labels.done : ""}
      </span>
    </div>
  );
}
