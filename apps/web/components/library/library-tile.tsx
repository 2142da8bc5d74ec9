import { useTranslations } from "next-intl";
import type { CSSProperties } from "react";

import { formatClock } from "@/lib/format-duration";
import { aspectRatioOf, type LibraryItem } from "@/lib/library-item";

import { NoPreview } from "./no-preview";
import { TileMedia } from "./tile-media";

export const altFromPrompt = (prompt: string) => (prompt.length > 140 ? `${prompt.slice(0, 137)}…` : prompt);

/**
 * One tile of the grid, its box sized from the item's aspect ratio before anything loads. No hooks but next-intl's and
 * no handlers: the server renders the first page's tiles, client code later pages' and fresh ones, and the grid
 * handles opening, hover playback and media events for all of them by delegation (`data-open`, `data-hover-src`).
 */
export function LibraryTile({ item, eager, failed = [] }: { item: LibraryItem; eager: boolean; failed?: readonly string[] }) {
  const t = useTranslations();
  const alt = altFromPrompt(item.prompt);
  const style = { "--ratio": aspectRatioOf(item).toFixed(4) } as CSSProperties;
  return (
    <div
      data-testid="tile"
      data-status={item.status}
      data-generation-id={item.id}
      data-type={item.type}
      data-hover-src={item.type === "video" && item.assetUrl ? item.assetUrl : undefined}
      className="tile group relative overflow-hidden rounded-lg bg-ink-800 ring-accent-400 focus-within:ring-2"
      style={style}
    >
      <TileMedia item={item} alt={alt} eager={eager} failed={failed} renderEmpty={(broken) => <NoPreview item={item} broken={broken} />} />
      <button
        type="button"
        data-open
        aria-label={t("library.open", { prompt: alt })}
        className="absolute inset-0 z-10 cursor-zoom-in focus-visible:outline-none"
      />
      {item.status !== "success" ? (
        <div className="pointer-events-none absolute inset-x-0 top-0 z-20 flex justify-between gap-1 p-1.5">
          <span className="rounded bg-black/60 px-1.5 py-0.5 text-[11px] font-medium text-zinc-100 backdrop-blur">{t(`status.${item.status}`)}</span>
        </div>
      ) : null}
      {item.type === "video" ? (
        <span className="pointer-events-none absolute bottom-1.5 right-1.5 z-20 flex items-center gap-1 rounded bg-black/60 px-1.5 py-0.5 text-[11px] font-medium tabular-nums text-white backdrop-blur">
          <svg aria-hidden viewBox="0 0 16 16" className="size-2.5 fill-current">
            <path d="M4 2.5v11l9-5.5z" />
          </svg>
          {item.durationMs ? formatClock(item.durationMs) : t("type.video")}
        </span>
      ) : null}
      <div className="pointer-events-none absolute inset-x-0 bottom-0 z-10 bg-gradient-to-t from-black/70 to-transparent p-2 pt-8 opacity-0 transition-opacity group-hover:opacity-100">
        <p className="line-clamp-2 pr-10 text-xs text-zinc-100">{item.prompt}</p>
      </div>
    </div>
  );
}
