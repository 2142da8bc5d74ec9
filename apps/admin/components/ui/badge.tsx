const TONES = {
  ok: "border-emerald-400/30 bg-emerald-400/10 text-emerald-200",
  warn: "border-amber-400/30 bg-amber-400/10 text-amber-100",
  bad: "border-rose-400/30 bg-rose-400/10 text-rose-100",
  info: "border-sky-400/30 bg-sky-400/10 text-sky-100",
  muted: "border-white/10 bg-white/5 text-zinc-300",
} as const;

export type BadgeTone = keyof typeof TONES;

export function Badge({ tone, children }: { tone: BadgeTone; children: React.ReactNode }) {
  return <span className={`inline-flex items-center whitespace-nowrap rounded-full border px-2 py-0.5 text-xs ${TONES[tone]}`}>{children}</span>;
}

export function statusTone(status: string): BadgeTone {
  if (status === "success" || status === "completed" || status === "done" || status === "accepted") return "ok";
  if (status === "failed" || status === "bad_signature" || status === "bad_request" || status === "cancelled") return "bad";
  if (status === "expired" || status === "unknown_task" || status === "paused") return "warn";
  if (status === "running" || status === "generating" || status === "queued") return "info";
  return "muted";
}
