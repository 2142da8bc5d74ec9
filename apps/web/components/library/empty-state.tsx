import { useTranslations } from "next-intl";
import Link from "next/link";

export function EmptyState({ filtered }: { filtered: boolean }) {
  const t = useTranslations("library");
  return (
    <div data-testid="library-empty" className="mx-auto mt-16 flex max-w-md flex-col items-center gap-3 text-center">
      <div aria-hidden className="grid size-14 place-items-center rounded-2xl bg-white/5 text-2xl">
        ✦
      </div>
      <h2 className="text-lg font-semibold">{filtered ? t("emptyFiltered") : t("emptyTitle")}</h2>
      {filtered ? null : <p className="text-sm text-zinc-400">{t("emptyText")}</p>}
      <Link
        href={filtered ? "/library" : "/create/studio"}
        className="mt-2 rounded-lg bg-accent-600 px-4 py-2 text-sm font-medium text-white hover:bg-accent-500"
      >
        {filtered ? t("clearFilters") : t("toStudio")}
      </Link>
    </div>
  );
}
