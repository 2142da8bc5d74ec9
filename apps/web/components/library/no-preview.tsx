import { useTranslations } from "next-intl";

import { endHasSentence, kieErrorKey, rawReason } from "@/lib/kie-error";
import type { LibraryItem } from "@/lib/library-item";

import { ResyncButton } from "./resync-button";

/**
 * Explains an empty tile: still generating, failed or expired upstream (with the sentence for its code and the raw
 * reason KIE or the old site gave), expired during our copy, or missing. No hooks but next-intl's: the server renders
 * it in the first page's tiles, client code in later ones; only its Re-sync button is a client component.
 */
export function NoPreview({
  item,
  broken,
  compact = false,
}: {
  item: LibraryItem;
  broken: boolean;
  /** Small box next to text that already explains the failure: just the state and the action. */
  compact?: boolean;
}) {
  const t = useTranslations("noPreview");
  const tk = useTranslations("kieErrors");
  const reason = broken ? "missing" : (item.noPreviewReason ?? "missing");
  const busy = reason === "generating" || reason === "processing";
  // The server decides when asking KIE again can help (not for a failure KIE itself reported); a tile whose image
  // failed to load can always be re-synced.
  const canResync = item.taskId !== null && (broken || item.canResync);
  // A failure, or an expiry KIE or the old site reported, has its own sentence instead of the state's word.
  const explained = (reason === "failed" || reason === "expired") && endHasSentence(item);
  const raw = explained ? rawReason(item) : null;
  return (
    <div
      data-testid="no-preview"
      data-reason={reason}
      className="absolute inset-0 flex flex-col items-center justify-center gap-1.5 bg-ink-900/75 p-3 text-center"
    >
      {busy ? (
        <span aria-hidden className="size-6 animate-spin rounded-full border-2 border-white/20 border-t-accent-400" />
      ) : (
        <span className="text-sm font-medium text-zinc-200">{t("title")}</span>
      )}
      {compact || explained ? null : <span className="text-xs text-zinc-400">{t(reason)}</span>}
      {explained && !compact ? (
        <span data-testid="failure-reason" className={`line-clamp-4 text-xs ${reason === "failed" ? "text-rose-300" : "text-amber-200"}`}>
          {tk(kieErrorKey(item))}
          {raw ? <span className="block text-[11px] opacity-70">{raw}</span> : null}
        </span>
      ) : null}
      {canResync && item.taskId ? (
        <ResyncButton
          taskId={item.taskId}
          generationId={item.id}
          labels={{ resync: t("resync"), resyncing: t("resyncing"), done: t("resyncDone"), failed: t("resyncFailed", { message: "{message}" }) }}
        />
      ) : null}
    </div>
  );
}
