import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { getFormatter, getTranslations } from "next-intl/server";

import { Badge, statusTone } from "@/components/ui/badge";
import { CardTable } from "@/components/ui/card-table";
import { reasonCode } from "@/lib/generation-words";
import { ui } from "@/lib/ui";

type Report = AdminRouterOutputs["health"]["report"];
const VERDICTS = ["accepted", "duplicate", "unknown_task", "bad_signature", "bad_request"] as const;

/** Failed reasons, webhook verdicts of the last day and the job engine's queues: three cards for the page's grid. */
export async function HealthBreakdown({ report }: { report: Report }) {
  const [t, tVerdict, tReason, format] = await Promise.all([
    getTranslations("healthMore"),
    getTranslations("verdict"),
    getTranslations("reasons"),
    getFormatter(),
  ]);
  const verdictLabel = (v: string) => ((VERDICTS as readonly string[]).includes(v) ? tVerdict(v as (typeof VERDICTS)[number]) : v);
  return (
    <>
      <section data-testid="failed-reasons" className={ui.card}>
        <h2 className="text-sm font-medium text-zinc-300">{t("failedTitle")}</h2>
        {report.failedReasons.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">{t("failedEmpty")}</p>
        ) : (
          <CardTable caption={t("failedTitle")} columns={[{ label: t("reason") }, { label: t("count"), numeric: true }]}>
            {report.failedReasons.map((row) => {
              const code = reasonCode(row.code);
              return (
                <tr key={`${row.code ?? ""}|${row.reason ?? ""}`} data-code={row.code ?? ""}>
                  <td className="py-1.5 pr-2 text-zinc-200">
                    {code ? tReason(code) : null}
                    {row.reason ? <span className={code ? "block text-xs text-zinc-400" : undefined}>{row.reason}</span> : null}
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{format.number(row.count)}</td>
                </tr>
              );
            })}
          </CardTable>
        )}
      </section>
      <section data-testid="webhook-verdicts" className={ui.card}>
        <h2 className="text-sm font-medium text-zinc-300">{t("webhooksTitle")}</h2>
        {report.webhooksLast24h.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">{t("webhooksEmpty")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-white/5 text-sm">
            {report.webhooksLast24h.map((row) => (
              <li key={row.verdict} data-verdict={row.verdict} className="flex items-center justify-between py-1.5">
                <Badge tone={statusTone(row.verdict)}>{verdictLabel(row.verdict)}</Badge>
                <span className="tabular-nums">{format.number(row.count)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section data-testid="queue-states" className={ui.card}>
        <h2 className="text-sm font-medium text-zinc-300">{t("queuesTitle")}</h2>
        {report.queues.length === 0 ? (
          <p className="mt-2 text-sm text-zinc-500">{t("queuesEmpty")}</p>
        ) : (
          <CardTable caption={t("queuesTitle")} columns={[{ label: t("queue") }, { label: t("state") }, { label: t("count"), numeric: true }]}>
            {report.queues.map((row) => (
              <tr key={`${row.name}:${row.state}`}>
                <td className="py-1.5 pr-2 font-mono text-xs text-zinc-200">{row.name}</td>
                <td className="py-1.5 pr-2">
                  <Badge tone={row.state === "failed" ? "bad" : row.state === "completed" ? "ok" : "muted"}>{row.state}</Badge>
                </td>
                <td className="py-1.5 text-right tabular-nums">{format.number(row.count)}</td>
              </tr>
            ))}
          </CardTable>
        )}
      </section>
    </>
  );
}
