"use client";

import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

import { Badge, statusTone } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { errorMessage } from "@/lib/trpc-error";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

export type Delivery = AdminRouterOutputs["webhooks"]["list"]["items"][number];
export const WEBHOOKS_KEY = ["admin", "webhooks"] as const;

/** One stored delivery: verdict, task, processing result; payload and headers on demand; Replay. */
export function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const t = useTranslations("webhooks");
  const tVerdict = useTranslations("verdict");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const replay = useMutation(
    trpc.webhooks.replay.mutationOptions({
      onSuccess: async (result) => {
        setNotice(t("replayed", { id: result.id.slice(0, 8), verdict: tVerdict(result.verdict) }));
        await queryClient.invalidateQueries({ queryKey: WEBHOOKS_KEY });
      },
      onError: (error) => setNotice(errorMessage(error)),
    }),
  );
  const panelId = `delivery-${delivery.id}`;
  return (
    <li data-testid="delivery" data-verdict={delivery.verdict} className="p-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:gap-4">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone={statusTone(delivery.verdict)}>{tVerdict(delivery.verdict)}</Badge>
            <time dateTime={delivery.receivedAt.toISOString()} className="text-xs text-zinc-400">
              {format.dateTime(delivery.receivedAt, { dateStyle: "short", timeStyle: "medium" })}
            </time>
            <span className="text-xs text-zinc-500">
              {delivery.authScheme ?? "—"} · {format.number(delivery.bodyBytes)} B
            </span>
            {delivery.replayOf ? <span className="text-xs text-sky-300">{t("replayOf", { id: delivery.replayOf.slice(0, 8) })}</span> : null}
          </div>
          <span className={`${ui.mono} text-zinc-200`}>{delivery.taskId ?? "—"}</span>
          <span className="text-xs text-zinc-400">
            {t("result")}: {delivery.processResult ?? <em className="text-zinc-500">{t("notProcessed")}</em>}
          </span>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <button type="button" className={ui.buttonSmall} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
            {open ? t("hide") : t("show")}
          </button>
          <button
            type="button"
            data-testid="replay"
            className={ui.buttonSmall}
            disabled={replay.isPending || !delivery.taskId || delivery.verdict === "bad_request"}
            onClick={() => replay.mutate({ id: delivery.id })}
          >
            {t("replay")}
          </button>
        </div>
      </div>
      <p role="status" className="text-xs text-emerald-300">
        {notice}
      </p>
      {open ? (
        <div id={panelId} className="mt-2 grid grid-cols-1 gap-2 lg:grid-cols-2">
          <div className="min-w-0">
            <h4 className="mb-1 text-xs text-zinc-500">{t("payload")}</h4>
            <JsonView value={delivery.body} label={t("payload")} testId="delivery-payload" />
          </div>
          <div className="min-w-0">
            <h4 className="mb-1 text-xs text-zinc-500">{t("headers")}</h4>
            <JsonView value={delivery.headers} label={t("headers")} />
          </div>
        </div>
      ) : null}
    </li>
  );
}
