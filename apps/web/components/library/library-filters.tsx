import { useTranslations } from "next-intl";
import Link from "next/link";

import { GENERATION_STATUSES, GENERATION_TYPES, type LibraryFilters as Filters } from "@/lib/library-item";

/** The library URL for a set of filters (filters live in the URL so a reload or a shared link keeps them). */
function libraryHref(filters: Filters): string {
  const params = new URLSearchParams();
  if (filters.type) params.set("type", filters.type);
  if (filters.status) params.set("status", filters.status);
  const query = params.toString();
  return query ? `/library?${query}` : "/library";
}

function Chip({ href, active, children, testId }: { href: string; active: boolean; children: string; testId: string }) {
  return (
    <Link
      href={href}
      // Eight links on every library screen: fetched when chosen, not all at once while the page is loading.
      prefetch={false}
      scroll={false}
      replace
      data-testid={testId}
      aria-current={active ? "true" : undefined}
      className={`whitespace-nowrap rounded-full border px-3 py-1 text-sm transition-colors ${
        active ? "border-accent-400/60 bg-accent-500/15 text-white" : "border-white/10 text-zinc-400 hover:border-white/25 hover:text-white"
      }`}
    >
      {children}
    </Link>
  );
}

export function LibraryFilters({ filters }: { filters: Filters }) {
  const t = useTranslations();
  return (
    <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:gap-6" role="group" aria-label={t("library.filters")}>
      <div className="flex items-center gap-1.5 overflow-x-auto" role="group" aria-label={t("library.filterType")}>
        <Chip href={libraryHref({ ...filters, type: undefined })} active={!filters.type} testId="filter-type-all">
          {t("library.all")}
        </Chip>
        {GENERATION_TYPES.map((type) => (
          <Chip key={type} href={libraryHref({ ...filters, type })} active={filters.type === type} testId={`filter-type-${type}`}>
            {t(`type.${type}`)}
          </Chip>
        ))}
      </div>
      <div className="flex items-center gap-1.5 overflow-x-auto pb-1 sm:pb-0" role="group" aria-label={t("library.filterStatus")}>
        <Chip href={libraryHref({ ...filters, status: undefined })} active={!filters.status} testId="filter-status-all">
          {t("library.all")}
        </Chip>
        {GENERATION_STATUSES.map((status) => (
          <Chip key={status} href={libraryHref({ ...filters, status })} active={filters.status === status} testId={`filter-status-${status}`}>
            {t(`status.${status}`)}
          </Chip>
        ))}
      </div>
    </div>
  );
}
