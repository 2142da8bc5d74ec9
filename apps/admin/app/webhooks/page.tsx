import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/forbidden";
import { PageHeader } from "@/components/page-header";
import { RejectedSummary } from "@/components/webhooks/rejected-summary";
import { WebhookLog } from "@/components/webhooks/webhook-log";
import { requireStaff } from "@/lib/session";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { identity, staff } = await requireStaff("/webhooks");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;
  const t = await getTranslations("webhooks");
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <RejectedSummary />
      <WebhookLog />
    </div>
  );
}
