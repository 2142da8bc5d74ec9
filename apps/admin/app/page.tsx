import { getFormatter, getTranslations } from "next-intl/server";

import { HealthTable } from "@/components/health-table";
import { requireStaff } from "@/lib/session";
import { getQueryClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const { identity, staff } = await requireStaff("/");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;

  const [health, t, format] = await Promise.all([
    getQueryClient().fetchQuery(trpc.health.report.queryOptions()),
    getTranslations("health"),
    getFormatter(),
  ]);
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-400">{t("subtitle")}</p>
      </div>
      <HealthTable byStatus={health.byStatus} />
      <div className="grid gap-4 sm:grid-cols-3">
      <section
        data-testid="succeeded-without-asset"
        className={`rounded-xl border p-4 ${health.succeededWithoutAsset > 0 ? "border-amber-400/30 bg-amber-400/5" : "border-white/10"}`}
      >
        <h2 className="text-sm font-medium text-zinc-300">{t("missingTitle")}</h2>
        <p className="mt-1 text-3xl font-semibold tabular-nums">{format.number(health.succeededWithoutAsset)}</p>
        <p className="mt-1 text-xs text-zinc-400">{t("missingText")}</p>
      </section>
      <Stat testId="stuck-count" title={t("stuckTitle")} value={format.number(health.stuck)} text={t("stuckText", { minutes: Math.round(health.stuckAfterSeconds / 60) })} warn={health.stuck > 0} />
      <Stat testId="expired-count" title={t("expiredTitle")} value={format.number(health.expired)} text={t("expiredText")} warn={false} />
      </div>
      <p className="text-xs text-zinc-500">{t("updated", { time: format.dateTime(new Date(), { dateStyle: "medium", timeStyle: "medium" }) })}</p>
    </div>
  );
}

async function Forbidden({ email }: { email: string }) {
  const t = await getTranslations("forbidden");
  return (
    <div data-testid="forbidden" className="mx-auto mt-16 max-w-md text-center">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="mt-2 text-zinc-400">{t("text", { email })}</p>
      <form action="/api/auth/sign-out" method="post" className="mt-6">
        <button type="submit" className="rounded-lg bg-white/10 px-4 py-2 text-sm hover:bg-white/20">
          {t("switch")}
        </button>
      </form>
    </div>
  );
}

function Stat({ testId, title, value, text, warn }: { testId: string; title: string; value: string; text: string; warn: boolean }) {
  return (
    <section data-testid={testId} className={`rounded-xl border p-4 ${warn ? "border-amber-400/30 bg-amber-400/5" : "border-white/10"}`}>
      <h2 className="text-sm font-medium text-zinc-300">{title}</h2>
      <p className="mt-1 text-3xl font-semibold tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-zinc-400">{text}</p>
    </section>
  );
}
