import { requireIdentity } from "@lensroom/app-shell/session";
import type { Metadata } from "next";
import { after } from "next/server";
import { getLocale, getTimeZone, getTranslations } from "next-intl/server";
import { z } from "zod";

import { EmptyState } from "@/components/library/empty-state";
import { LibraryFilters } from "@/components/library/library-filters";
import { LibraryGrid } from "@/components/library/library-grid";
import { LibraryTile } from "@/components/library/library-tile";
import { pickMessages } from "@/lib/client-messages";
import { tileVersion } from "@/lib/library-entries";
import { GENERATION_STATUSES, GENERATION_TYPES, isUnfinished, type LibraryPage as FirstPage } from "@/lib/library-item";
import { FIRST_LIBRARY_PAGE_SIZE, libraryListInput } from "@/lib/library-query";
import { getCaller } from "@/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("library"))("title") };
}

const searchSchema = z.object({
  type: z.enum(GENERATION_TYPES).optional().catch(undefined),
  status: z.enum(GENERATION_STATUSES).optional().catch(undefined),
  open: z.uuid().optional().catch(undefined),
});

/** Tiles above the fold load eagerly; everything after is lazy. */
const EAGER_TILES = 6;
/** What the page's client code draws or says: tiles of later pages and the lightbox (sent as props, no provider). */
const CLIENT_NAMESPACES = ["library", "status", "type", "noPreview", "kieErrors", "lightbox"] as const;

export default async function LibraryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const search = searchSchema.parse(await searchParams);
  const path = `/library${search.type || search.status ? `?${new URLSearchParams({ ...(search.type && { type: search.type }), ...(search.status && { status: search.status }) })}` : ""}`;
  await requireIdentity(path);

  const filters = { type: search.type, status: search.status };
  const caller = await getCaller();
  // The first page is read in process and rendered here: its tiles are server components, and their data is sent to
  // the browser only as the tiles' markup (once in the HTML, once in the RSC payload), never as a query cache too.
  const [t, first, locale, timeZone, messages] = await Promise.all([
    getTranslations("library"),
    caller.library.list(libraryListInput(filters, FIRST_LIBRARY_PAGE_SIZE)).catch((): FirstPage | null => null),
    getLocale(),
    getTimeZone(),
    pickMessages(CLIENT_NAMESPACES),
  ]);
  // Ask for syncs of stale unfinished generations once per open (a no-op unless the fallback sync is on), after the page is sent.
  after(() => caller.library.fallbackSync().catch(() => undefined));

  const filtered = Boolean(filters.type ?? filters.status);
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <h1 id="library-title" tabIndex={-1} className="text-2xl font-semibold tracking-tight focus:outline-none">
          {t("title")}
        </h1>
        <LibraryFilters filters={filters} />
      </div>
      {first === null ? (
        <div role="alert" className="mt-10 flex flex-col items-center gap-3 text-center">
          <p className="text-zinc-300">{t("loadError")}</p>
          <a href={path} className="rounded-lg bg-white/10 px-4 py-2 text-sm hover:bg-white/20">
            {t("retry")}
          </a>
        </div>
      ) : first.items.length === 0 ? (
        <EmptyState filtered={filtered} />
      ) : (
        <LibraryGrid
          key={path}
          tiles={first.items.map((item, index) => ({
            id: item.id,
            eager: index < EAGER_TILES,
            version: tileVersion(item),
            node: <LibraryTile item={item} eager={index < EAGER_TILES} />,
          }))}
          nextCursor={first.nextCursor}
          filters={filters}
          openId={search.open}
          unfinished={first.items.filter(isUnfinished).map((item) => item.id)}
          labels={{ loadingMore: t("loadingMore"), loadMore: t("loadMore"), end: t("end") }}
          intl={{ locale, timeZone, messages }}
        />
      )}
    </div>
  );
}
