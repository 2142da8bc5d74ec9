"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";

import { ui } from "@/lib/ui";
import { useTRPCClient } from "@/trpc/client";

import { DeliveryRow, WEBHOOKS_KEY } from "./delivery-row";

const VERDICTS = ["accepted", "duplicate", "unknown_task", "bad_signature", "bad_request"] as const;
type Verdict = (typeof VERDICTS)[number];

/** Stored deliveries, newest first, with a verdict filter and task id search, paged on (received_at, id). */
export function WebhookLog() {
  const t = useTranslations("webhooks");
  const tVerdict = useTranslations("verdict");
  const tCommon = useTranslations("common");
  const client = useTRPCClient();
  const [filter, setFilter] = useState<{ verdict?: Verdict; taskId?: string }>({});
  const log = useInfiniteQuery({
    queryKey: [...WEBHOOKS_KEY, filter],
    queryFn: ({ pageParam }) => client.webhooks.list.query({ ...filter, before: pageParam, limit: 50 }),
    initialPageParam: null as { receivedAt: Date; id: string } | null,
    getNextPageParam: (page) => page.next,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const taskIdField = form.get("taskId");
    const taskId = typeof taskIdField === "string" ? taskIdField.trim() : "";
    setFilter({ verdict: VERDICTS.find((v) => v === form.get("verdict")), taskId: taskId || undefined });
  };
  return (
    <div className="flex flex-col gap-4">
      <form onSubmit={submit} aria-label={t("caption")} className="grid grid-cols-1 gap-3 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto]">
        <div>
          <label htmlFor="w-verdict" className={ui.label}>
            {t("verdict")}
          </label>
          <select id="w-verdict" name="verdict" defaultValue="" className={ui.input} onChange={(event) => event.currentTarget.form?.requestSubmit()}>
            <option value="">{t("anyVerdict")}</option>
            {VERDICTS.map((verdict) => (
              <option key={verdict} value={verdict}>
                {tVerdict(verdict)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="w-task" className={ui.label}>
            {t("taskId")}
          </label>
          <input id="w-task" name="taskId" type="search" placeholder={t("taskPlaceholder")} className={ui.input} spellCheck={false} />
        </div>
        <div className="flex items-end">
          <button type="submit" className={ui.primary}>
            {t("apply")}
          </button>
        </div>
      </form>
      <ul data-testid="delivery-list" aria-label={t("caption")} className="divide-y divide-white/5 rounded-xl border border-white/10">
        {items.map((delivery) => (
          <DeliveryRow key={delivery.id} delivery={delivery} />
        ))}
        {log.isSuccess && items.length === 0 ? <li className="p-3 text-sm text-zinc-500">{t("empty")}</li> : null}
      </ul>
      <div role="status" className="text-sm text-zinc-400">
        {log.isPending ? tCommon("loading") : null}
        {log.error ? <span className="text-rose-300">{tCommon("error", { message: log.error.message })}</span> : null}
        {log.hasNextPage ? (
          <button type="button" className={ui.button} disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            {log.isFetchingNextPage ? tCommon("loading") : tCommon("loadMore")}
          </button>
        ) : null}
      </div>
    </div>
  );
}
