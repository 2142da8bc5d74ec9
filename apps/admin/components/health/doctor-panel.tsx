"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { errorMessage } from "@/lib/trpc-error";
import { pageSubtitle, ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

import { DeepScan } from "./deep-scan";
import { DoctorChecks } from "./doctor-checks";
import { TestGeneration } from "./test-generation";

/** The runbook as live checks, with the bucket fix, a timed test generation and the deep scan. */
export function DoctorPanel() {
  const t = useTranslations("doctor");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const doctor = useQuery(trpc.health.doctor.queryOptions(undefined, { staleTime: 0 }));
  const fix = useMutation(
    trpc.health.ensureBucket.mutationOptions({
      onSuccess: async () => {
        setNotice(t("fixed"));
        await queryClient.invalidateQueries({ queryKey: trpc.health.doctor.queryKey() });
      },
      onError: (error) => setNotice(tCommon("error", { message: errorMessage(error) })),
    }),
  );
  const checks = doctor.data ?? [];
  const failed = checks.filter((c) => !c.ok).length;
  return (
    <section aria-labelledby="doctor-title" data-testid="doctor" className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <div className="min-w-0 flex-1">
          <h2 id="doctor-title" className="text-xl font-semibold tracking-tight">
            {t("title")}
          </h2>
          <p className={pageSubtitle}>{t("subtitle")}</p>
        </div>
        <button type="button" className={`${ui.button} self-start sm:self-auto`} disabled={doctor.isFetching} onClick={() => void doctor.refetch()}>
          {doctor.isFetching ? t("running") : t("run")}
        </button>
      </div>
      <div role="status" className="text-sm">
        {doctor.isPending ? <span className="text-zinc-400">{t("running")}</span> : null}
        {doctor.error ? <span className="text-rose-300">{tCommon("error", { message: doctor.error.message })}</span> : null}
        {doctor.data ? (
          <span data-testid="doctor-summary" className={failed ? "text-amber-200" : "text-emerald-300"}>
            {failed ? t("summaryFail", { failed, count: checks.length }) : t("summaryOk", { count: checks.length })}
          </span>
        ) : null}
        {notice ? <span className="ml-3 text-zinc-300">{notice}</span> : null}
      </div>
      {checks.length > 0 ? <DoctorChecks checks={checks} fixing={fix.isPending} onFixBucket={() => fix.mutate()} /> : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <TestGeneration />
        <DeepScan />
      </div>
    </section>
  );
}
