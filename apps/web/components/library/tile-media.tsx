import type { ReactNode } from "react";

import type { LibraryItem } from "@/lib/library-item";
import { tileSources } from "@/lib/media-sources";

interface TileMediaProps {
  item: LibraryItem;
  alt: string;
  /** First row: load at once instead of lazily. */
  eager: boolean;
  /** Source URLs that already failed to load here: the next one is shown instead. */
  failed: readonly string[];
  /** Shown when there is nothing (left) to show; `broken` is true when sources existed but all failed to load. */
  renderEmpty: (broken: boolean) => ReactNode;
}

/**
 * The ThumbHash placeholder (a tiny PNG rendered by the server) at once, then the best source fading in over it:
 * thumbnail → preview → original → "No preview". No hooks and no handlers, so the server can render it: the page's
 * client code watches its `load` and `error` events (lib/tile-media-events.ts) and renders it again with the failed
 * URL in `failed`. Every attribute here is sent twice for each tile of the first page (HTML and RSC payload): only
 * what the browser needs.
 */
export function TileMedia({ item, alt, eager, failed, renderEmpty }: TileMediaProps) {
  const sources = tileSources(item);
  const source = sources.find((candidate) => !failed.includes(candidate.url));
  // First-screen tiles paint as soon as their bytes arrive (waiting for client code to fade them in would delay the
  // largest paint); later tiles fade in over their placeholder once loaded.
  const fade = eager ? "tile-img" : "tile-img tile-img-fade";
  return (
    <div className="tile-media" style={item.placeholder ? { backgroundImage: `url(${item.placeholder})` } : undefined}>
      {source?.kind === "image" ? (
        // eslint-disable-next-line @next/next/no-img-element -- our own WebP thumbnails, never the optimizer
        <img
          data-testid="tile-thumb"
          data-media
          src={source.url}
          alt={alt}
          loading={eager ? "eager" : "lazy"}
          fetchPriority={eager ? "high" : "auto"}
          decoding="async"
          draggable={false}
          className={fade}
        />
      ) : null}
      {source?.kind === "video-frame" ? (
        <video data-media src={`${source.url}#t=0.1`} preload="metadata" muted playsInline aria-label={alt} className={fade} />
      ) : null}
      {source ? null : renderEmpty(sources.length > 0)}
    </div>
  );
}
