"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

const summary = (data: unknown) => {
  if (typeof data !== "object" || data === null) return JSON.stringify(data);
  const record = data as Record<string, unknown>;
  const id = record.generationId ?? record.taskId ?? record.runId;
  return typeof id === "string" ? id : JSON.stringify(data);
};

/** Jobs that ended without doing their work (pg-boss failures and permanent ingest failures), with the reason. */
export function DeadLetters() {
  const t = useTranslations("jobs");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const jobs = useInfiniteQuery(trpc.health.failedJobs.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor, staleTime: 10_000 }));
  const items = jobs.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="dead-title" data-testid="dead-letters" className="flex flex-col gap-3">
      <div>
        <h2 id="dead-title" className="text-lg font-semibold">
          {t("deadTitle")}
        </h2>
        <p className="text-sm text-zinc-400">{t("deadText")}</p>
      </div>
      {jobs.isSuccess && items.length === 0 ? <p className="text-sm text-zinc-500">{t("deadEmpty")}</p> : null}
      {items.length > 0 ? (
        <div className="overflow-x-auto rounded-xl border border-white/10">
          <table className="w-full min-w-[36rem] text-sm">
            <caption className="sr-only">{t("deadTitle")}</caption>
            <thead className="bg-white/5">
              <tr>
                <th scope="col" className={ui.th}>
                  {t("queue")}
                </th>
                <th scope="col" className={ui.th}>
                  {t("finished")}
                </th>
                <th scope="col" className={ui.th}>
                  {t("reason")}
                </th>
                <th scope="col" className={ui.th}>
                  {t("retries")}
                </th>
                <th scope="col" className={ui.th}>
                  {t("data")}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-white/5">
              {items.map((job) => (
                <tr key={job.id} data-testid="dead-letter" data-queue={job.queue}>
                  <td className={ui.td}>
                    <span className="font-mono text-xs">{job.queue}</span> <Badge tone={job.state === "failed" ? "bad" : "warn"}>{job.state}</Badge>
                  </td>
                  <td className={`${ui.td} whitespace-nowrap text-xs text-zinc-300`}>
                    {format.dateTime(job.completedOn, { dateStyle: "short", timeStyle: "medium" })}
                  </td>
                  <td className={`${ui.td} text-xs text-rose-200`}>{job.reason ?? "—"}</td>
                  <td className={`${ui.td} text-xs tabular-nums`}>
                    {job.retryCount}/{job.retryLimit}
                  </td>
                  <td className={`${ui.td} ${ui.mono} max-w-64 text-zinc-400`}>{summary(job.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div role="status" className="text-sm text-zinc-400">
        {jobs.isPending ? tCommon("loading") : null}
        {jobs.error ? <span className="text-rose-300">{tCommon("error", { message: jobs.error.message })}</span> : null}
        {jobs.hasNextPage ? (
          <button type="button" className={ui.button} disabled={jobs.isFetchingNextPage} onClick={() => void jobs.fetchNextPage()}>
            {tCommon("loadMore")}
          </button>
        ) : null}
      </div>
    </section>
  );
}
