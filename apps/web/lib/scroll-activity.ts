/** The page counts as "scrolling" for this long after the last scroll event. */
const SCROLL_QUIET_MS = 150;

let lastScrollAt = Number.NEGATIVE_INFINITY;
let listening = false;

/** Start watching scroll events (once per page; passive, so scrolling itself is never slowed). */
export function watchScrolling() {
  if (listening || typeof window === "undefined") return;
  listening = true;
  window.addEventListener("scroll", () => (lastScrollAt = performance.now()), { passive: true, capture: true });
}

/** Milliseconds until the page has been still for SCROLL_QUIET_MS (0 when it already is). */
export function msUntilScrollQuiet(): number {
  return Math.max(0, lastScrollAt + SCROLL_QUIET_MS - performance.now());
}
