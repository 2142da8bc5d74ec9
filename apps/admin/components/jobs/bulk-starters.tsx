"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { Modal } from "@/components/ui/modal";
import { errorMessage, trpcErrorCode } from "@/lib/trpc-error";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

import { useBulkNotice } from "./use-bulk-notice";

/** "Re-sync missing" and "Rebuild all previews" (behind a confirmation); a second identical start says CONFLICT. */
export function BulkStarters() {
  const t = useTranslations("jobs");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { notice, show, clear } = useBulkNotice();
  const refreshRuns = () => queryClient.invalidateQueries({ queryKey: trpc.bulk.runs.queryKey() });
  const start = useMutation(
    trpc.bulk.start.mutationOptions({
      onSuccess: async () => {
        show(t("started"), "ok");
        await refreshRuns();
      },
      onError: async (error, input) => {
        if (trpcErrorCode(error) !== "CONFLICT") return show(tCommon("error", { message: errorMessage(error) }), "bad");
        show(t("conflict"), "bad", input.kind);
        // The active run may have been started elsewhere: show it (and poll it) here.
        await refreshRuns();
      },
    }),
  );
  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-4 md:grid-cols-2">
        <section className={`${ui.card} flex flex-col`}>
          <h2 className="font-medium">{t("resyncMissing")}</h2>
          <p className="mt-1 flex-1 text-xs text-zinc-400">{t("resyncMissingText")}</p>
          <button
            type="button"
            data-testid="start-resync-missing"
            className={`${ui.primary} mt-3 self-start`}
            disabled={start.isPending}
            onClick={() => {
              clear();
              start.mutate({ kind: "resync_missing" });
            }}
          >
            {start.isPending && start.variables.kind === "resync_missing" ? t("starting") : t("resyncMissing")}
          </button>
        </section>
        <section className={`${ui.card} flex flex-col`}>
          <h2 className="font-medium">{t("rebuild")}</h2>
          <p className="mt-1 flex-1 text-xs text-zinc-400">{t("rebuildText")}</p>
          <button
            type="button"
            data-testid="start-rebuild"
            className={`${ui.button} mt-3 self-start`}
            disabled={start.isPending}
            onClick={() => setConfirming(true)}
          >
            {t("rebuild")}…
          </button>
        </section>
      </div>
      <p
        role={notice?.tone === "bad" ? "alert" : "status"}
        data-testid="bulk-notice"
        data-tone={notice?.tone}
        className={`min-h-5 text-sm ${notice?.tone === "bad" ? "text-rose-300" : "text-emerald-300"}`}
      >
        {notice?.text}
      </p>
      <Modal open={confirming} onClose={() => setConfirming(false)} title={t("confirmTitle")} closeLabel={tCommon("close")} testId="confirm-rebuild">
        <p className="text-sm text-zinc-300">{t("confirmText")}</p>
        <div className="mt-5 flex justify-end gap-2">
          <button type="button" className={ui.button} onClick={() => setConfirming(false)}>
            {tCommon("cancel")}
          </button>
          <button
            type="button"
            data-testid="confirm-rebuild-yes"
            className={ui.danger}
            onClick={() => {
              setConfirming(false);
              clear();
              start.mutate({ kind: "rebuild_previews", confirm: true });
            }}
          >
            {t("confirmYes")}
          </button>
        </div>
      </Modal>
    </div>
  );
}
