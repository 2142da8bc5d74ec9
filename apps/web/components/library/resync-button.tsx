"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

import { requestResync } from "@/lib/resync";

export function ResyncButton({ taskId, onSynced, className = "" }: { taskId: string; onSynced: () => void; className?: string }) {
  const t = useTranslations("noPreview");
  const [state, setState] = useState<{ kind: "idle" | "busy" | "done" } | { kind: "error"; message: string }>({ kind: "idle" });
  const run = async () => {
    setState({ kind: "busy" });
    try {
      await requestResync(taskId);
      setState({ kind: "done" });
      onSynced();
    } catch (error) {
      setState({ kind: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div className={`relative z-20 flex flex-col items-center gap-1 ${className}`}>
      <button
        type="button"
        data-testid="tile-resync"
        onClick={() => void run()}
        disabled={state.kind === "busy"}
        className="rounded-md bg-white/10 px-2.5 py-1.5 text-xs font-medium text-white hover:bg-white/20 disabled:opacity-60"
      >
        {state.kind === "busy" ? t("resyncing") : t("resync")}
      </button>
      <span role="status" className="text-[11px] text-zinc-400">
        {state.kind === "error" ? t("resyncFailed", { message: state.message }) : state.kind === "done" ? t("resyncDone") : ""}
      </span>
    </div>
  );
}
