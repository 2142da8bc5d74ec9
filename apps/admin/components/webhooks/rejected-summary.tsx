"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { CardTable } from "@/components/ui/card-table";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

import { RejectedSampleRow } from "./rejected-sample-row";

/** Rejected requests are counted, not stored: counts per verdict for the last hour and day, and the newest samples. */
export function RejectedSummary() {
  const t = useTranslations("webhooks");
  const tVerdict = useTranslations("verdict");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const rejected = useQuery(trpc.webhooks.rejected.queryOptions({ sampleLimit: 20 }, { staleTime: 0 }));
  return (
    <section aria-labelledby="rejected-title" data-testid="rejected-summary" className={ui.card}>
      <h2 id="rejected-title" className="text-sm font-medium text-zinc-300">
        {t("rejectedTitle")}
      </h2>
      {rejected.isPending ? <p className="mt-2 text-sm text-zinc-400">{tCommon("loading")}</p> : null}
      {rejected.error ? <p className="mt-2 text-sm text-rose-300">{tCommon("error", { message: rejected.error.message })}</p> : null}
      {rejected.data ? (
        <>
          <p className="mt-1 text-xs text-zinc-500">{t("rejectedText", { kept: rejected.data.samplesKept, chars: rejected.data.sampleBodyChars })}</p>
          <CardTable
            caption={t("rejectedTitle")}
            columns={[{ label: t("verdict") }, { label: t("lastHour"), numeric: true }, { label: t("last24h"), numeric: true }]}
          >
            {rejected.data.counts.map((row) => (
              <tr key={row.verdict} data-verdict={row.verdict} data-testid="rejected-count">
                <td className="py-1.5 pr-2">
                  <Badge tone="bad">{tVerdict(row.verdict)}</Badge>
                </td>
                <td className="py-1.5 text-right tabular-nums">{format.number(row.lastHour)}</td>
                <td className="py-1.5 text-right tabular-nums">{format.number(row.last24h)}</td>
              </tr>
            ))}
          </CardTable>
          <h3 className="mt-4 text-xs font-medium text-zinc-400">{t("samplesTitle")}</h3>
          <ul data-testid="rejected-samples" aria-label={t("samplesTitle")} className="mt-1 divide-y divide-white/5">
            {rejected.data.samples.map((sample) => (
              <RejectedSampleRow key={sample.id} sample={sample} />
            ))}
            {rejected.data.samples.length === 0 ? <li className="py-2 text-sm text-zinc-500">{t("samplesEmpty")}</li> : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}
