/** Class names shared by every admin page (Tailwind v4, dark). */
export const ui = {
  button:
    "inline-flex items-center justify-center gap-1.5 rounded-lg border border-white/10 bg-white/5 px-3 py-1.5 text-sm text-zinc-100 hover:bg-white/10 disabled:cursor-not-allowed disabled:opacity-50",
  buttonSmall:
    "inline-flex items-center justify-center rounded-md border border-white/10 bg-white/5 px-2 py-1 text-xs text-zinc-100 hover:bg-white/10 disabled:cursor-not-allowed disabled:opacity-50",
  primary:
    "inline-flex items-center justify-center gap-1.5 rounded-lg bg-accent-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-accent-500 disabled:cursor-not-allowed disabled:opacity-50",
  danger:
    "inline-flex items-center justify-center gap-1.5 rounded-lg border border-rose-400/30 bg-rose-500/10 px-3 py-1.5 text-sm text-rose-100 hover:bg-rose-500/20 disabled:cursor-not-allowed disabled:opacity-50",
  input: "w-full rounded-lg border border-white/10 bg-ink-900 px-3 py-2 text-sm text-zinc-100 placeholder:text-zinc-500 focus:border-accent-400",
  label: "mb-1 block text-xs font-medium text-zinc-400",
  card: "rounded-xl border border-white/10 p-4",
  th: "px-3 py-2 text-left text-xs font-medium text-zinc-400",
  td: "px-3 py-2 align-top",
  mono: "font-mono text-xs break-all",
} as const;

export const pageTitle = "text-2xl font-semibold tracking-tight";
export const pageSubtitle = "mt-1 text-sm text-zinc-400";
