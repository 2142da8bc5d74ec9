"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";

import { NoPreview } from "@/components/library/no-preview";
import { TileMedia } from "@/components/library/tile-media";
import { altFromPrompt } from "@/components/library/library-tile";
import { endHasSentence, kieErrorKey, rawReason } from "@/lib/kie-error";
import { aspectRatioOf, isUnfinished, type LibraryItem } from "@/lib/library-item";

/** A generation just made in the studio: live status, then its thumbnail and a link into the library. */
/** `failed`: its source URLs that failed to load (the studio watches media events for all cards). */
export function GenerationCard({ item, failed }: { item: LibraryItem; failed: readonly string[] }) {
  const t = useTranslations();
  const working = isUnfinished(item);
  const ratio = Math.min(Math.max(aspectRatioOf(item), 0.5), 2);
  return (
    <article
      data-testid="generation-card"
      data-status={item.status}
      data-generation-id={item.id}
      className="flex gap-3 rounded-xl border border-white/10 bg-ink-900 p-3"
      aria-busy={working}
    >
      <div className="relative w-28 shrink-0 overflow-hidden rounded-lg bg-ink-800 sm:w-36" style={{ aspectRatio: ratio }}>
        <TileMedia
          item={item}
          alt={altFromPrompt(item.prompt)}
          eager
          failed={failed}
          renderEmpty={(broken) => <NoPreview item={item} broken={broken} compact />}
        />
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        <div className="flex items-center gap-2">
          <StatusDot status={item.status} />
          <span data-testid="card-status" className="text-sm font-medium" role="status">
            {t(`status.${item.status}`)}
          </span>
          <span className="text-xs text-zinc-400">· {t(`type.${item.type}`)}</span>
        </div>
        <p className="line-clamp-2 text-sm text-zinc-300">{item.prompt}</p>
        {item.status === "queued" || item.status === "generating" ? <p className="text-xs text-zinc-400">{t(`card.${item.status}`)}</p> : null}
        {endHasSentence(item) ? (
          <p data-testid="card-error" className={item.status === "failed" ? "text-xs text-rose-300" : "text-xs text-amber-200"}>
            {t(`kieErrors.${kieErrorKey(item)}`)}
            {rawReason(item) ? <span className="block opacity-70">{rawReason(item)}</span> : null}
          </p>
        ) : item.status === "expired" ? (
          <p className="text-xs text-amber-200">{t("card.expired")}</p>
        ) : null}
        {item.status === "success" ? (
          <Link href={`/library?open=${item.id}`} data-testid="card-open" className="mt-auto self-start text-sm font-medium text-accent-400 hover:underline">
            {t("studio.openInLibrary")} →
          </Link>
        ) : null}
      </div>
    </article>
  );
}

function StatusDot({ status }: { status: LibraryItem["status"] }) {
  const color = {
    queued: "bg-zinc-400 animate-pulse",
    generating: "bg-accent-400 animate-pulse",
    success: "bg-emerald-400",
    failed: "bg-rose-400",
    expired: "bg-amber-400",
  }[status];
  return <span aria-hidden className={`size-2 rounded-full ${color}`} />;
}
