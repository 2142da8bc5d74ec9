/** Where the skip link jumps: each app's `<main>` carries this id. */
export const MAIN_ID = "main";

/** The first thing a keyboard reaches: hidden until focused, then jumps past the header to the page's content. */
export function SkipLink({ label, target = MAIN_ID }: { label: string; target?: string }) {
  return (
    <a
      href={`#${target}`}
      className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-ink-800 focus:px-3 focus:py-2"
    >
      {label}
    </a>
  );
}
