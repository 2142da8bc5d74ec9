/** Sent (bubbling) by a Re-sync button once the server answered: whoever lists the generation looks at it again. */
const RESYNCED_EVENT = "lensroom:resynced";

export function announceResynced(from: Element, generationId: string) {
  from.dispatchEvent(new CustomEvent<string>(RESYNCED_EVENT, { bubbles: true, detail: generationId }));
}

/** Call `onResynced` for every Re-sync under `root`; returns the function that stops listening. */
export function onResynced(root: HTMLElement, onResynced: (generationId: string) => void): () => void {
  const listener = (event: Event) => {
    if (event instanceof CustomEvent && typeof event.detail === "string") onResynced(event.detail);
  };
  root.addEventListener(RESYNCED_EVENT, listener);
  return () => root.removeEventListener(RESYNCED_EVENT, listener);
}
