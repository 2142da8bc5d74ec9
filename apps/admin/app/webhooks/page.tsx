import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/forbidden";
import { WebhookLog } from "@/components/webhooks/webhook-log";
import { requireStaff } from "@/lib/session";
import { pageSubtitle, pageTitle } from "@/lib/ui";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { identity, staff } = await requireStaff("/webhooks");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;
  const t = await getTranslations("webhooks");
  return (
    <div className="flex flex-col gap-5">
      <div>
        <h1 className={pageTitle}>{t("title")}</h1>
        <p className={pageSubtitle}>{t("subtitle")}</p>
      </div>
      <WebhookLog />
    </div>
  );
}
