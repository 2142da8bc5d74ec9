import { getFormatter, getTranslations } from "next-intl/server";

import { GENERATION_STATUSES as STATUSES, GENERATION_TYPES as TYPES } from "@/lib/generation-words";

interface HealthTableProps {
  byStatus: { status: string; type: string; count: number }[];
}

export async function HealthTable({ byStatus }: HealthTableProps) {
  const [t, tStatus, tType, format] = await Promise.all([getTranslations("health"), getTranslations("status"), getTranslations("type"), getFormatter()]);
  const count = (status: string, type?: string) =>
    byStatus.filter((row) => row.status === status && (!type || row.type === type)).reduce((sum, row) => sum + Number(row.count), 0);
  const known = new Set<string>(STATUSES);
  const extra = [...new Set(byStatus.map((row) => row.status).filter((s) => !known.has(s)))];
  const cell = "px-4 py-2.5 text-right tabular-nums";
  return (
    <div className="overflow-x-auto rounded-xl border border-white/10">
      <table data-testid="health-counts" className="w-full text-sm">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="bg-white/5 text-zinc-400">
          <tr>
            <th scope="col" className="px-4 py-2.5 text-left font-medium">
              {t("status")}
            </th>
            {TYPES.map((type) => (
              <th key={type} scope="col" className={`${cell} font-medium`}>
                {tType(type)}
              </th>
            ))}
            <th scope="col" className={`${cell} font-medium`}>
              {t("total")}
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-white/5">
          {[...STATUSES, ...extra].map((status) => (
            <tr key={status} data-status={status}>
              <th scope="row" className="px-4 py-2.5 text-left font-normal text-zinc-200">
                {known.has(status) ? tStatus(status as (typeof STATUSES)[number]) : status}
              </th>
              {TYPES.map((type) => (
                <td key={type} data-type={type} className={cell}>
                  {format.number(count(status, type))}
                </td>
              ))}
              <td data-type="total" className={`${cell} font-medium`}>
                {format.number(count(status))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
