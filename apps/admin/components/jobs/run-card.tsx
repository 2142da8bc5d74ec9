"use client";

import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";

import { Badge, statusTone } from "@/components/ui/badge";
import { errorMessage } from "@/lib/trpc-error";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

type Progress = AdminRouterOutputs["bulk"]["runs"][number];

/** One run: progress bar, done/failed/remaining, rate, controls, and the failures with reasons. */
export function RunCard({ progress }: { progress: Progress }) {
  const t = useTranslations("jobs");
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const { run } = progress;
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.bulk.runs.queryKey() });
  const options = { onSuccess: refresh, onError: (error: unknown) => setNotice(errorMessage(error)) };
  const pause = useMutation(trpc.bulk.pause.mutationOptions(options));
  const resume = useMutation(trpc.bulk.resume.mutationOptions(options));
  const cancel = useMutation(trpc.bulk.cancel.mutationOptions(options));
  const retry = useMutation(
    trpc.bulk.retryFailed.mutationOptions({
      onSuccess: async (result) => {
        setNotice(t("retried", { count: result.retried }));
        await refresh();
      },
      onError: options.onError,
    }),
  );
  const busy = pause.isPending || resume.isPending || cancel.isPending || retry.isPending;
  const active = run.status === "running" || run.status === "paused";
  const kind = t(`kinds.${run.kind}`);
  const pct = (n: number) => (progress.total === 0 ? 0 : (n / progress.total) * 100);
  return (
    <article data-testid="run-card" data-run-id={run.id} data-kind={run.kind} data-status={run.status} data-percent={progress.percent} className={ui.card}>
      <header className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{kind}</h3>
        <Badge tone={statusTone(run.status)}>{t(`statuses.${run.status}`)}</Badge>
        <span className="text-xs text-zinc-500">{t("startedAt", { time: format.dateTime(run.createdAt, { dateStyle: "short", timeStyle: "medium" }) })}</span>
        <span className="ml-auto text-2xl font-semibold tabular-nums" data-testid="run-percent">
          {progress.percent}%
        </span>
      </header>
      <div
        role="progressbar"
        aria-label={t("progressLabel", { kind })}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress.percent}
        className="mt-3 flex h-3 overflow-hidden rounded-full bg-white/10"
      >
        <div className="h-full bg-emerald-500 transition-[width] duration-500" style={{ width: `${pct(progress.done)}%` }} />
        <div className="h-full bg-rose-500 transition-[width] duration-500" style={{ width: `${pct(progress.failed)}%` }} />
        <div className="h-full bg-zinc-500 transition-[width] duration-500" style={{ width: `${pct(progress.cancelled)}%` }} />
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
        {(
          [
            ["done", progress.done, "text-emerald-300"],
            ["failed", progress.failed, "text-rose-300"],
            ["remaining", progress.remaining, "text-zinc-200"],
            ["total", progress.total, "text-zinc-200"],
          ] as const
        ).map(([key, value, tone]) => (
          <div key={key} data-testid={`run-${key}`} data-value={value}>
            <dt className="text-xs text-zinc-500">{t(key)}</dt>
            <dd className={`tabular-nums ${tone}`}>{format.number(value)}</dd>
          </div>
        ))}
        <div data-testid="run-rate">
          <dt className="sr-only">rate</dt>
          <dd className="tabular-nums text-zinc-400 sm:pt-4">{t("rate", { rate: format.number(progress.perSecond) })}</dd>
        </div>
      </dl>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        {run.status === "running" ? (
          <button type="button" data-testid="run-pause" className={ui.buttonSmall} disabled={busy} onClick={() => pause.mutate({ runId: run.id })}>
            {t("pause")}
          </button>
        ) : null}
        {run.status === "paused" ? (
          <button type="button" data-testid="run-resume" className={ui.buttonSmall} disabled={busy} onClick={() => resume.mutate({ runId: run.id })}>
            {t("resume")}
          </button>
        ) : null}
        {active ? (
          <button type="button" data-testid="run-cancel" className={ui.buttonSmall} disabled={busy} onClick={() => cancel.mutate({ runId: run.id })}>
            {t("cancelRun")}
          </button>
        ) : null}
        {progress.failed > 0 && run.status !== "cancelled" ? (
          <button type="button" data-testid="run-retry-failed" className={ui.buttonSmall} disabled={busy} onClick={() => retry.mutate({ runId: run.id })}>
            {t("retryFailed")}
          </button>
        ) : null}
        <span role="status" className="text-xs text-zinc-400">
          {notice}
        </span>
      </div>
      {progress.failures.length > 0 ? (
        <details className="mt-3" open={progress.failures.length <= 5}>
          <summary className="cursor-pointer text-sm text-rose-200">
            {t("failuresTitle")} ({format.number(progress.failed)})
          </summary>
          <ul className="mt-2 max-h-64 divide-y divide-white/5 overflow-y-auto text-xs">
            {progress.failures.map((failure) => (
              <li key={failure.generationId} data-testid="run-failure" className="grid gap-1 py-1.5 sm:grid-cols-[minmax(0,16rem)_minmax(0,1fr)]">
                <span className="break-all font-mono text-zinc-400">{failure.taskId ?? failure.generationId}</span>
                <span className="text-rose-200">{failure.error}</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </article>
  );
}
