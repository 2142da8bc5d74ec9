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
      className="tile"
      style={style}
    >
      <TileMedia item={item} alt={alt} eager={eager} failed={failed} renderEmpty={(broken) => <NoPreview item={item} broken={broken} />} />
      <button type="button" data-open aria-label={t("library.open", { prompt: alt })} className="tile-open" />
      {item.status !== "success" ? <span className="tile-badge left-1.5 top-1.5">{t(`status.${item.status}`)}</span> : null}
      {item.type === "video" ? (
        <span className="tile-badge bottom-1.5 right-1.5 tabular-nums">
          <svg aria-hidden viewBox="0 0 16 16" className="size-2.5 fill-current">
            <path d="M4 2.5v11l9-5.5z" />
          </svg>
          {item.durationMs ? formatClock(item.durationMs) : t("type.video")}
        </span>
      ) : null}
      <p className="tile-caption line-clamp-2 pr-10 text-xs">{item.prompt}</p>
    </div>
  );
}
