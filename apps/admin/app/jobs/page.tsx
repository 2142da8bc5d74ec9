import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/forbidden";
import { PageHeader } from "@/components/page-header";
import { BulkStarters } from "@/components/jobs/bulk-starters";
import { DeadLetters } from "@/components/jobs/dead-letters";
import { RunList } from "@/components/jobs/run-list";
import { requireStaff } from "@/lib/session";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage() {
  const { identity, staff } = await requireStaff("/jobs");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;
  const t = await getTranslations("jobs");
  await getQueryClient().prefetchQuery(trpc.bulk.runs.queryOptions());
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <HydrateClient>
        <BulkStarters />
        <RunList />
      </HydrateClient>
      <DeadLetters />
    </div>
  );
}
