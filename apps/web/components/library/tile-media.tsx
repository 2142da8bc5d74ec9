"use client";

import { useCallback, useMemo, useState, type ReactNode, type SyntheticEvent } from "react";

import type { LibraryItem } from "@/lib/library-item";
import { tileSources } from "@/lib/media-sources";

interface TileMediaProps {
  item: LibraryItem;
  alt: string;
  /** First row: load at once instead of lazily. */
  eager: boolean;
  /** Shown when there is nothing (left) to show; `broken` is true when sources existed but all failed to load. */
  renderEmpty: (broken: boolean) => ReactNode;
}

/** Mark a loaded image or video frame so CSS fades it in; a DOM attribute, not React state (no re-render per image). */
const markLoaded = (event: SyntheticEvent<HTMLImageElement | HTMLVideoElement>) => {
  event.currentTarget.dataset.loaded = "";
};

/**
 * The ThumbHash placeholder (a tiny PNG rendered by the server) at once, then the best source fading in over it. A
 * source that fails to load (`onError`) hands over to the next: thumbnail → preview → original → "No preview".
 */
export function TileMedia({ item, alt, eager, renderEmpty }: TileMediaProps) {
  const sources = useMemo(() => tileSources(item), [item]);
  const [index, setIndex] = useState(0);
  const source = sources[index];
  // Skip past `failedUrl` only while it is still the current source: a failure reported twice (the mount check and
  // onError, or StrictMode's double ref call) must not skip a good source too.
  const next = useCallback((failedUrl: string) => setIndex((i) => (sources[i]?.url === failedUrl ? i + 1 : i)), [sources]);
  // An image that finished before hydration never fires React's onLoad or onError: check it on mount.
  const checkComplete = useCallback(
    (img: HTMLImageElement | null) => {
      if (!img?.complete) return;
      if (img.naturalWidth > 0) img.dataset.loaded = "";
      else if (img.currentSrc) next(img.getAttribute("src") ?? "");
    },
    [next],
  );

  // First-screen tiles paint as soon as their bytes arrive (no waiting for hydration to fade them in: that would
  // delay the largest paint); later tiles fade in over their placeholder once loaded.
  const fade = `absolute inset-0 size-full object-cover ${eager ? "" : "opacity-0 transition-opacity duration-500 data-loaded:opacity-100"}`;
  return (
    <div className="absolute inset-0 bg-ink-800 bg-cover bg-center" style={item.placeholder ? { backgroundImage: `url(${item.placeholder})` } : undefined}>
      {source?.kind === "image" ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own WebP thumbnails, never the optimizer
        <img
          key={source.url}
          ref={checkComplete}
          data-testid="tile-thumb"
          src={source.url}
          alt={alt}
          width={item.width ?? undefined}
          height={item.height ?? undefined}
          loading={eager ? "eager" : "lazy"}
          fetchPriority={eager ? "high" : "auto"}
          decoding="async"
          draggable={false}
          onLoad={markLoaded}
          onError={() => next(source.url)}
          className={fade}
        />
      ) : null}
      {source?.kind === "video-frame" ? (
        <video
          key={source.url}
          src={`${source.url}#t=0.1`}
          preload="metadata"
          muted
          playsInline
          aria-label={alt}
          onLoadedData={markLoaded}
          onError={() => next(source.url)}
          className={fade}
        />
      ) : null}
      {source ? null : renderEmpty(sources.length > 0)}
    </div>
  );
}
