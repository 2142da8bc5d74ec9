"use client";

import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

import { Badge } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { ui } from "@/lib/ui";

type Sample = AdminRouterOutputs["webhooks"]["rejected"]["samples"][number];

/** One kept rejected request: verdict, when, what it was answered, its task id if any; body and headers on demand. */
export function RejectedSampleRow({ sample }: { sample: Sample }) {
  const t = useTranslations("webhooks");
  const tVerdict = useTranslations("verdict");
  const format = useFormatter();
  const [open, setOpen] = useState(false);
  const panelId = `rejected-${sample.id}`;
  return (
    <li data-testid="rejected-sample" data-verdict={sample.verdict} className="py-2">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:gap-4">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <Badge tone="bad">{tVerdict(sample.verdict)}</Badge>
            <time dateTime={sample.receivedAt.toISOString()} className="text-xs text-zinc-400">
              {format.dateTime(sample.receivedAt, { dateStyle: "short", timeStyle: "medium" })}
            </time>
            <span className="text-xs text-zinc-500">
              {sample.authScheme ?? "—"} · {format.number(sample.bodyBytes)} B
            </span>
          </div>
          <span className="text-xs text-zinc-300">{t("answered", { reason: sample.reason })}</span>
          {sample.taskId ? <span className={`${ui.mono} text-zinc-400`}>{sample.taskId}</span> : null}
        </div>
        <button type="button" className={ui.buttonSmall} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
          {open ? t("hide") : t("show")}
        </button>
      </div>
      {open ? (
        <div id={panelId} className="mt-2 grid grid-cols-1 gap-2 lg:grid-cols-2">
          <div className="min-w-0">
            <h4 className="mb-1 text-xs text-zinc-500">{t("bodyStart")}</h4>
            <JsonView value={sample.body} label={t("bodyStart")} />
          </div>
          <div className="min-w-0">
            <h4 className="mb-1 text-xs text-zinc-500">{t("headers")}</h4>
            <JsonView value={sample.headers} label={t("headers")} />
          </div>
        </div>
      ) : null}
    </li>
  );
}
