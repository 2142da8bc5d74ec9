"use client";

import { useEffect, useRef } from "react";

/**
 * Muted looping playback while hovered. The source is attached in an effect and detached on cleanup
 * (pause, drop `src`, `load()`), so the browser releases the connection and decoder as soon as the pointer leaves.
 */
export function HoverVideo({ src, onFail }: { src: string; onFail: () => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.muted = true;
    video.src = src;
    void video.play().catch(() => undefined);
    return () => {
      video.pause();
      video.removeAttribute("src");
      video.load();
    };
  }, [src]);
  return (
    <video
      ref={ref}
      data-testid="tile-hover-video"
      muted
      loop
      playsInline
      preload="auto"
      aria-hidden
      onError={(event) => {
        if (event.currentTarget.getAttribute("src")) onFail();
      }}
      className="pointer-events-none absolute inset-0 size-full object-cover"
    />
  );
}
