import { requireIdentity } from "@lensroom/app-shell/session";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";

import { StudioView } from "@/components/studio/studio-view";
import { getQueryClient, HydrateClient, trpc } from "@/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("studio"))("title") };
}

export default async function StudioPage() {
  await requireIdentity("/create/studio");
  await getQueryClient().prefetchQuery(trpc.studio.models.queryOptions());
  return (
    <HydrateClient>
      <StudioView />
    </HydrateClient>
  );
}
