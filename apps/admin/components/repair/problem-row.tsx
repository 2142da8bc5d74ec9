"use client";

import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

import { Badge, statusTone } from "@/components/ui/badge";
import { mediaStatusWord, rawReason, reasonCode, resyncRefusal, statusWord, typeWord } from "@/lib/generation-words";
import { errorMessage } from "@/lib/trpc-error";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

type ProblemItem = AdminRouterOutputs["generations"]["problems"]["items"][number];

interface ProblemRowProps {
  item: ProblemItem;
  selected: boolean;
  onSelect: (id: string, selected: boolean) => void;
  onOpen: (id: string) => void;
}

/** One problem generation with its per-row repairs; the outcome is announced in the row. */
export function ProblemRow({ item, selected, onSelect, onOpen }: ProblemRowProps) {
  const t = useTranslations("repair");
  const tStatus = useTranslations("status");
  const tType = useTranslations("type");
  const tMedia = useTranslations("mediaStatus");
  const tReason = useTranslations("reasons");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.generations.problems.pathKey() });
  const onError = (error: unknown) => setNotice(errorMessage(error));
  const resync = useMutation(
    trpc.generations.resync.mutationOptions({
      onSuccess: async (result) => {
        setNotice(t("resyncDone", { outcome: t(`outcomes.${result.outcome}`) }));
        await refresh();
      },
      onError,
    }),
  );
  const rederive = useMutation(
    trpc.generations.rederive.mutationOptions({
      onSuccess: (result) => setNotice(result.queued ? t("rederiveQueued") : t("rederiveNotQueued")),
      onError,
    }),
  );
  const status = item.status === "completed" ? "success" : item.status;
  const statusLabel = statusWord(item.status);
  const typeLabel = typeWord(item.type);
  const mediaLabel = mediaStatusWord(item.mediaStatus);
  const code = reasonCode(item.errorCode);
  const raw = code ? rawReason(item.errorCode, item.reason) : item.reason;
  const shortId = item.id.slice(0, 8);
  return (
    <tr
      data-testid="problem-row"
      data-id={item.id}
      data-status={item.status}
      data-has-thumb={Boolean(item.thumbnailUrl)}
      data-can-resync={item.canResync}
      className={selected ? "bg-accent-500/10" : undefined}
    >
      <td className={ui.td}>
        <input
          type="checkbox"
          className="size-4 accent-accent-500"
          checked={selected}
          disabled={!item.canResync}
          onChange={(event) => onSelect(item.id, event.currentTarget.checked)}
          aria-label={t("selectRow", { id: shortId })}
        />
      </td>
      <td className={ui.td}>
        {item.thumbnailUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- our own bucket URL, already a small WebP
          <img src={item.thumbnailUrl} alt="" data-testid="problem-thumb" className="size-12 rounded-md object-cover" loading="lazy" />
        ) : (
          <div aria-hidden className="size-12 rounded-md border border-dashed border-white/15 bg-white/5" />
        )}
      </td>
      <td className={ui.td}>
        <div className="flex flex-col gap-1">
          <Badge tone={statusTone(status)}>{statusLabel ? tStatus(statusLabel) : item.status}</Badge>
          <span className="text-xs text-zinc-500">
            {typeLabel ? tType(typeLabel) : item.type} · {mediaLabel ? tMedia(mediaLabel) : item.mediaStatus}
          </span>
        </div>
      </td>
      <td className={`${ui.td} hidden md:table-cell`}>
        <time dateTime={item.createdAt.toISOString()} className="whitespace-nowrap text-xs text-zinc-300">
          {format.dateTime(item.createdAt, { dateStyle: "short", timeStyle: "short" })}
        </time>
      </td>
      <td className={ui.td}>
        <div className={`${ui.mono} max-w-56 text-zinc-200`}>{item.taskId ?? "—"}</div>
        <div className={`${ui.mono} hidden max-w-56 text-zinc-500 lg:block`} title={item.userId}>
          {item.userId}
        </div>
      </td>
      <td className={`${ui.td} max-w-72 text-xs`}>
        {code ? (
          <p data-testid="row-reason-code" className="text-zinc-200">
            {tReason(code)}
          </p>
        ) : null}
        {raw ? <p className={`line-clamp-3 ${code ? "text-zinc-400" : "text-zinc-300"}`}>{raw}</p> : null}
        {code || raw ? null : <p className="text-zinc-500">{t("noReason")}</p>}
        <p className="mt-0.5 text-zinc-500">{t("attempts", { sync: item.syncAttempts, media: item.mediaAttempts })}</p>
      </td>
      <td className={ui.td}>
        <div className="flex flex-wrap gap-1.5">
          <button
            type="button"
            className={ui.buttonSmall}
            data-testid="row-resync"
            disabled={resync.isPending || !item.canResync}
            aria-describedby={item.canResync ? undefined : `no-resync-${item.id}`}
            onClick={() => resync.mutate({ id: item.id })}
          >
            {t("resync")}
          </button>
          <button
            type="button"
            className={ui.buttonSmall}
            data-testid="row-rederive"
            disabled={rederive.isPending || !item.assetUrl}
            onClick={() => rederive.mutate({ id: item.id })}
          >
            {t("rederive")}
          </button>
          <button type="button" className={ui.buttonSmall} data-testid="row-details" onClick={() => onOpen(item.id)}>
            {t("details")}
          </button>
        </div>
        {item.canResync ? null : (
          <p id={`no-resync-${item.id}`} data-testid="row-no-resync" className="mt-1 max-w-48 text-xs text-zinc-500">
            {t(resyncRefusal(item))}
          </p>
        )}
        <p role="status" className="mt-1 max-w-48 text-xs text-zinc-400">
          {notice}
        </p>
      </td>
    </tr>
  );
}
