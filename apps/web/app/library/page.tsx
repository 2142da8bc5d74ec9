import { requireIdentity } from "@lensroom/app-shell/session";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { z } from "zod";

import { LibraryView } from "@/components/library/library-view";
import { GENERATION_STATUSES, GENERATION_TYPES } from "@/lib/library-item";
import { libraryListInput, nextLibraryCursor } from "@/lib/library-query";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("library"))("title") };
}

const searchSchema = z.object({
  type: z.enum(GENERATION_TYPES).optional().catch(undefined),
  status: z.enum(GENERATION_STATUSES).optional().catch(undefined),
  open: z.uuid().optional().catch(undefined),
});

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await searchParams);
  const path = `/library${search.type || search.status ? `?${new URLSearchParams({ ...(search.type && { type: search.type }), ...(search.status && { status: search.status }) })}` : ""}`;
  await requireIdentity(path);

  const filters = { type: search.type, status: search.status };
  // First page rendered on the server: thumbnails are in the HTML, no loading flash.
  await getQueryClient().prefetchInfiniteQuery(trpc.library.list.infiniteQueryOptions(libraryListInput(filters), { getNextPageParam: nextLibraryCursor }));
  return (
    <HydrateClient>
      <LibraryView filters={filters} openId={search.open} />
    </HydrateClient>
  );
}
