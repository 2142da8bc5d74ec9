import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { Forbidden } from "@/components/forbidden";
import { PageHeader } from "@/components/page-header";
import { ProblemExplorer } from "@/components/repair/problem-explorer";
import { typeWord } from "@/lib/generation-words";
import { AGES, PROBLEM_KINDS, PROBLEMS_PAGE_SIZE, type ProblemFilterValue } from "@/lib/problem-filter";
import { requireStaff } from "@/lib/session";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Repair" };

const one = (value: string | string[] | undefined) => (typeof value === "string" && value.trim() ? value.trim().slice(0, 128) : undefined);

/** Filters from the URL (links from the health page and the deep scan), validated like the form does. */
function filterFrom(params: Record<string, string | string[] | undefined>): ProblemFilterValue {
  const age = Number(one(params.age));
  return {
    kind: PROBLEM_KINDS.find((k) => k === one(params.kind)) ?? "any",
    type: typeWord(one(params.type)),
    search: one(params.search),
    olderThanMinutes: (Object.values(AGES) as number[]).includes(age) ? age : undefined,
  };
}

export default async function RepairPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { identity, staff } = await requireStaff("/repair");
  if (!staff) return <Forbidden email={identity.email ?? identity.userId} />;
  const [t, params] = await Promise.all([getTranslations("repair"), searchParams]);
  const filter = filterFrom(params);
  await getQueryClient().prefetchInfiniteQuery(
    trpc.generations.problems.infiniteQueryOptions({ ...filter, limit: PROBLEMS_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  return (
    <div className="flex flex-col gap-5">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      <HydrateClient>
        <ProblemExplorer initial={filter} />
      </HydrateClient>
    </div>
  );
}
