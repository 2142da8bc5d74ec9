"use client";

import { useEffect, useRef } from "react";

/** Muted looping playback while hovered. On unmount the element is emptied so the browser drops the connection. */
export function HoverVideo({ src, onFail }: { src: string; onFail: () => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    return () => {
      if (!video) return;
      video.pause();
      video.removeAttribute("src");
      video.load();
    };
  }, []);
  return (
    <video
      ref={ref}
      data-testid="tile-hover-video"
      src={src}
      muted
      loop
      autoPlay
      playsInline
      preload="auto"
      aria-hidden
      onError={onFail}
      className="pointer-events-none absolute inset-0 size-full object-cover"
    />
  );
}
