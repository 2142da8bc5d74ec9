"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";

import { useTRPC } from "@/trpc/client";

import { RunCard } from "./run-card";

/** The newest runs; polled every second while one is running, still otherwise. */
export function RunList() {
  const t = useTranslations("jobs");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const runs = useQuery(
    trpc.bulk.runs.queryOptions(undefined, {
      staleTime: 0,
      refetchInterval: (query) => (query.state.data?.some((p) => p.run.status === "running") ? 1_000 : false),
    }),
  );
  return (
    <section aria-labelledby="runs-title" className="flex flex-col gap-3">
      <h2 id="runs-title" className="text-lg font-semibold">
        {t("runsTitle")}
      </h2>
      {runs.isPending ? <p className="text-sm text-zinc-400">{tCommon("loading")}</p> : null}
      {runs.error ? <p className="text-sm text-rose-300">{tCommon("error", { message: runs.error.message })}</p> : null}
      {runs.data?.length === 0 ? <p className="text-sm text-zinc-500">{t("runsEmpty")}</p> : null}
      <div className="flex flex-col gap-3" data-testid="run-list">
        {runs.data?.map((progress) => (
          <RunCard key={progress.run.id} progress={progress} />
        ))}
      </div>
    </section>
  );
}
