import { getFormatter, getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/forbidden";
import { PageHeader } from "@/components/page-header";
import { DoctorPanel } from "@/components/health/doctor-panel";
import { HealthBreakdown } from "@/components/health/health-breakdown";
import { HealthTable } from "@/components/health-table";
import { StatCard } from "@/components/stat-card";
import { requireStaff } from "@/lib/session";
import { getQueryClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const { identity, staff } = await requireStaff("/");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;

  const [health, t, tMore, format] = await Promise.all([
    getQueryClient().fetchQuery(trpc.health.report.queryOptions()),
    getTranslations("health"),
    getTranslations("healthMore"),
    getFormatter(),
  ]);
  const repairLink = (kind: string) => ({ href: `/repair?kind=${kind}`, label: tMore("repairLink") });
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard
          testId="succeeded-without-asset"
          title={t("missingTitle")}
          value={format.number(health.succeededWithoutAsset)}
          text={t("missingText")}
          warn={health.succeededWithoutAsset > 0}
          link={repairLink("no_asset")}
        />
        <StatCard
          testId="stuck-count"
          title={t("stuckTitle")}
          value={format.number(health.stuck)}
          text={t("stuckText", { minutes: Math.round(health.stuckAfterSeconds / 60) })}
          warn={health.stuck > 0}
          link={repairLink("stuck")}
        />
        <StatCard
          testId="expired-count"
          title={t("expiredTitle")}
          value={format.number(health.expired)}
          text={t("expiredText")}
          warn={health.expired > 0}
          link={repairLink("expired")}
        />
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <HealthTable byStatus={health.byStatus} />
        <HealthBreakdown report={health} />
      </div>
      <p className="text-xs text-zinc-500">{t("updated", { time: format.dateTime(new Date(), { dateStyle: "medium", timeStyle: "medium" }) })}</p>
      <DoctorPanel />
    </div>
  );
}
