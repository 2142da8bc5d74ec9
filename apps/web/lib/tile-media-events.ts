/** A tile's media element is marked `data-media`; its tile (or card) carries `data-generation-id`. */
const MEDIA = "img[data-media], video[data-media]";

/** The source URL as the tile listed it: a video frame's `src` carries the time fragment it is shown at. */
const sourceUrl = (element: Element) => element.getAttribute("src")?.replace(/#t=[\d.]+$/, "");

/**
 * Watch every tile image and video frame under `root` by event delegation (capture phase: `load` and `error` do not
 * bubble): a loaded one gets `data-loaded` (CSS fades it in), a failed one is reported as (generation id, URL) so the
 * tile can be drawn again with the next source. Media that finished before this ran are handled at once. Returns the
 * function that stops watching.
 */
export function watchTileMedia(root: HTMLElement, onFailed: (generationId: string, url: string) => void): () => void {
  const loaded = (element: Element) => {
    if (element instanceof HTMLElement) element.dataset.loaded = "";
  };
  const failed = (element: Element) => {
    const id = element.closest("[data-generation-id]")?.getAttribute("data-generation-id");
    const url = sourceUrl(element);
    if (id && url) onFailed(id, url);
  };
  const onLoad = (event: Event) => {
    if (event.target instanceof Element && event.target.matches(MEDIA)) loaded(event.target);
  };
  const onError = (event: Event) => {
    if (event.target instanceof Element && event.target.matches(MEDIA)) failed(event.target);
  };
  root.addEventListener("load", onLoad, true);
  root.addEventListener("loadeddata", onLoad, true);
  root.addEventListener("error", onError, true);
  for (const element of root.querySelectorAll(MEDIA)) {
    if (element instanceof HTMLImageElement && element.complete) {
      if (element.naturalWidth > 0) loaded(element);
      else if (element.currentSrc) failed(element);
    } else if (element instanceof HTMLVideoElement) {
      if (element.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) loaded(element);
      else if (element.error) failed(element);
    }
  }
  return () => {
    root.removeEventListener("load", onLoad, true);
    root.removeEventListener("loadeddata", onLoad, true);
    root.removeEventListener("error", onError, true);
  };
}
