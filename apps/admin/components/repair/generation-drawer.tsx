"use client";

import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";

import { Badge, statusTone } from "@/components/ui/badge";
import { JsonView } from "@/components/ui/json-view";
import { Modal } from "@/components/ui/modal";
import { useTRPC } from "@/trpc/client";

/** The row's fields, KIE's live record and our webhook deliveries for its task. */
export function GenerationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const t = useTranslations("drawer");
  const tCommon = useTranslations("common");
  const tVerdict = useTranslations("verdict");
  const format = useFormatter();
  const trpc = useTRPC();
  const detail = useQuery(trpc.generations.detail.queryOptions({ id: id ?? "" }, { enabled: id !== null, staleTime: 0 }));
  const data = detail.data;
  return (
    <Modal
      open={id !== null}
      onClose={onClose}
      variant="drawer"
      title={t("title", { id: id?.slice(0, 8) ?? "" })}
      closeLabel={tCommon("close")}
      testId="generation-drawer"
    >
      {detail.isPending ? <p className="text-sm text-zinc-400">{tCommon("loading")}</p> : null}
      {detail.error ? <p className="text-sm text-rose-300">{tCommon("error", { message: detail.error.message })}</p> : null}
      {data ? (
        <div className="flex flex-col gap-5">
          <section>
            <h3 className="mb-2 text-sm font-medium text-zinc-300">{t("row")}</h3>
            <dl className="grid grid-cols-[minmax(0,9rem)_minmax(0,1fr)] gap-x-3 gap-y-1 text-xs">
              {Object.entries(data.generation).map(([key, value]) => (
                <div key={key} className="contents">
                  <dt className="truncate text-zinc-500">{key}</dt>
                  <dd className="break-all font-mono text-zinc-200">
                    {value === null ? "—" : value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value)}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <section>
            <h3 className="mb-2 text-sm font-medium text-zinc-300">{t("kie")}</h3>
            {data.kieRecord === null ? <p className="text-sm text-zinc-500">{t("kieNone")}</p> : null}
            {data.kieRecord && !data.kieRecord.ok ? <p className="text-sm text-rose-300">{t("kieError", { error: data.kieRecord.error })}</p> : null}
            {data.kieRecord?.ok ? <JsonView value={data.kieRecord.status} label={t("kie")} testId="kie-record" /> : null}
          </section>
          <section>
            <h3 className="mb-2 text-sm font-medium text-zinc-300">{t("deliveries")}</h3>
            {data.deliveries.length === 0 ? <p className="text-sm text-zinc-500">{t("deliveriesEmpty")}</p> : null}
            <ul className="flex flex-col gap-3">
              {data.deliveries.map((delivery) => (
                <li key={delivery.id} data-testid="drawer-delivery" className="rounded-lg border border-white/10 p-3">
                  <div className="mb-2 flex flex-wrap items-center gap-2 text-xs">
                    <Badge tone={statusTone(delivery.verdict)}>{tVerdict(delivery.verdict)}</Badge>
                    <span className="text-zinc-400">
                      {t("received")}: {format.dateTime(delivery.receivedAt, { dateStyle: "short", timeStyle: "medium" })}
                    </span>
                    <span className="text-zinc-400">
                      {t("result")}: {delivery.processResult ?? "—"}
                    </span>
                  </div>
                  <JsonView value={delivery.body} label={t("deliveries")} />
                </li>
              ))}
            </ul>
          </section>
        </div>
      ) : null}
    </Modal>
  );
}
