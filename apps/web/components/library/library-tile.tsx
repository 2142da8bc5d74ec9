"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, type CSSProperties } from "react";

import { formatClock } from "@/lib/format-duration";
import { aspectRatioOf, type LibraryItem } from "@/lib/library-item";
import { tileSources } from "@/lib/media-sources";
import { msUntilScrollQuiet, watchScrolling } from "@/lib/scroll-activity";

import { HoverVideo } from "./hover-video";
import { NoPreview } from "./no-preview";
import { TileMedia } from "./tile-media";

/**
 * Hover must rest this long before a video starts, and the page must have stopped scrolling: skimming or scrolling
 * fast (tiles sliding under a still pointer) never loads one.
 */
const HOVER_DELAY_MS = 250;

interface LibraryTileProps {
  item: LibraryItem;
  eager: boolean;
  onOpen: (id: string) => void;
  onResynced: (id: string) => void;
}

export const altFromPrompt = (prompt: string) => (prompt.length > 140 ? `${prompt.slice(0, 137)}…` : prompt);

export function LibraryTile({ item, eager, onOpen, onResynced }: LibraryTileProps) {
  const t = useTranslations();
  const [hovering, setHovering] = useState(false);
  const [hoverFailed, setHoverFailed] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    watchScrolling();
    return () => clearTimeout(timer.current);
  }, []);

  const canPlay = item.type === "video" && item.assetUrl !== null && !hoverFailed;
  const startHover = (pointerType: string) => {
    if (!canPlay || pointerType !== "mouse") return;
    clearTimeout(timer.current);
    const startWhenStill = () => {
      const wait = msUntilScrollQuiet();
      if (wait > 0) timer.current = setTimeout(startWhenStill, wait + 20);
      else setHovering(true);
    };
    timer.current = setTimeout(startWhenStill, HOVER_DELAY_MS);
  };
  const stopHover = () => {
    clearTimeout(timer.current);
    setHovering(false);
  };

  const alt = altFromPrompt(item.prompt);
  const sourcesKey = tileSources(item)
    .map((s) => s.url)
    .join("|");
  const style = { "--ratio": aspectRatioOf(item).toFixed(4) } as CSSProperties;
  return (
    <div
      data-testid="tile"
      data-status={item.status}
      data-generation-id={item.id}
      data-type={item.type}
      className="tile group relative overflow-hidden rounded-lg bg-ink-800 ring-accent-400 focus-within:ring-2"
      style={style}
      onPointerEnter={(e) => startHover(e.pointerType)}
      onPointerLeave={stopHover}
    >
      <TileMedia
        key={sourcesKey}
        item={item}
        alt={alt}
        eager={eager}
        renderEmpty={(broken) => <NoPreview item={item} broken={broken} onResynced={onResynced} />}
      />
      {hovering && item.assetUrl ? <HoverVideo src={item.assetUrl} onFail={() => setHoverFailed(true)} /> : null}
      <button
        type="button"
        onClick={() => onOpen(item.id)}
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
