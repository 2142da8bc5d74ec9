"use client";

import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { CardTable } from "@/components/ui/card-table";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

/** Runs a real generation end to end and shows each step's time since the start. */
export function TestGeneration() {
  const t = useTranslations("doctor");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const run = useMutation(trpc.health.testGeneration.mutationOptions());
  const result = run.data;
  return (
    <section data-testid="test-generation" className={ui.card}>
      <h3 className="font-medium">{t("testTitle")}</h3>
      <p className="mt-1 text-xs text-zinc-400">{t("testText")}</p>
      <button type="button" className={`${ui.primary} mt-3`} disabled={run.isPending} onClick={() => run.mutate()}>
        {run.isPending ? t("testRunning") : t("testRun")}
      </button>
      <div role="status" aria-live="polite" className="mt-3 text-sm">
        {run.error ? <p className="text-rose-300">{tCommon("error", { message: run.error.message })}</p> : null}
        {result ? (
          <>
            <p data-testid="test-generation-result" data-ok={result.ok} className="flex flex-wrap items-center gap-2">
              <Badge tone={result.ok ? "ok" : "bad"}>{result.ok ? t("pass") : t("fail")}</Badge>
              <span>{result.ok ? t("testOk", { status: result.status }) : t("testFail", { status: result.status })}</span>
            </p>
            {result.error ? <p className="mt-1 text-xs text-rose-200">{result.error}</p> : null}
            <CardTable caption={t("testTitle")} columns={[{ label: t("step") }, { label: t("time"), numeric: true }]}>
              {result.steps.map((step) => (
                <tr key={step.name} data-step={step.name}>
                  <td className="py-1.5">{t(`steps.${step.name}`)}</td>
                  <td className="py-1.5 text-right tabular-nums">
                    {step.ms === null ? (
                      <span className="text-zinc-500">{t("notReached")}</span>
                    ) : (
                      `${format.number(step.ms / 1000, { maximumFractionDigits: 2 })} s`
                    )}
                  </td>
                </tr>
              ))}
            </CardTable>
            <p className="mt-2 break-all font-mono text-xs text-zinc-500">{result.taskId ?? result.generationId}</p>
          </>
        ) : null}
      </div>
    </section>
  );
}
