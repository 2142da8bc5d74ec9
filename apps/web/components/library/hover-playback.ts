import { msUntilScrollQuiet } from "@/lib/scroll-activity";

/**
 * Hover must rest this long before a video starts, and the page must have stopped scrolling: skimming or scrolling
 * fast (tiles sliding under a still pointer) never loads one.
 */
const HOVER_DELAY_MS = 250;

/**
 * Muted looping playback of the video tile a mouse rests on. Plain DOM (loaded on the first hover, never part of the
 * first screen): a `<video>` goes into the tile under its open button and, when the pointer leaves, is paused, loses
 * its `src` (`load()`), and is removed, so the browser releases the connection and decoder at once.
 */
export function createHoverPlayback() {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let playing: { tile: HTMLElement; video: HTMLVideoElement } | null = null;
  let pending: HTMLElement | null = null;

  const stop = () => {
    clearTimeout(timer);
    pending = null;
    if (!playing) return;
    const { video } = playing;
    playing = null;
    video.pause();
    video.removeAttribute("src");
    video.load();
    video.remove();
  };

  const play = (tile: HTMLElement) => {
    const src = tile.dataset.hoverSrc;
    if (!src || tile.dataset.hoverFailed !== undefined || !tile.isConnected) return;
    const video = document.createElement("video");
    video.dataset.testid = "tile-hover-video";
    video.muted = true;
    video.loop = true;
    video.playsInline = true;
    video.preload = "auto";
    video.setAttribute("aria-hidden", "true");
    video.className = "pointer-events-none absolute inset-0 size-full object-cover";
    video.addEventListener("error", () => {
      if (!video.getAttribute("src")) return;
      tile.dataset.hoverFailed = "";
      stop();
    });
    tile.insertBefore(video, tile.querySelector("[data-open]"));
    video.src = src;
    void video.play().catch(() => undefined);
    playing = { tile, video };
  };

  return {
    /** The mouse is over `tile` (a video tile with `data-hover-src`). */
    enter(tile: HTMLElement) {
      if (pending === tile || playing?.tile === tile) return;
      stop();
      pending = tile;
      const startWhenStill = () => {
        const wait = msUntilScrollQuiet();
        if (wait > 0) timer = setTimeout(startWhenStill, wait + 20);
        else if (pending === tile) {
          pending = null;
          play(tile);
        }
      };
      timer = setTimeout(startWhenStill, HOVER_DELAY_MS);
    },
    leave: stop,
  };
}
