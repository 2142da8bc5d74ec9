"use client";

import { useInfiniteQuery, useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";

import { PROBLEMS_PAGE_SIZE, type ProblemFilterValue } from "@/lib/problem-filter";
import { errorMessage, trpcErrorCode } from "@/lib/trpc-error";
import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

import { GenerationDrawer } from "./generation-drawer";
import { ProblemFilters } from "./problem-filters";
import { ProblemRow } from "./problem-row";

/** Filters, the keyset-paged table, selection → "Re-sync selected", and the detail drawer. */
export function ProblemExplorer({ initial }: { initial: ProblemFilterValue }) {
  const t = useTranslations("repair");
  const tJobs = useTranslations("jobs");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const [filter, setFilter] = useState<ProblemFilterValue>(initial);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [openId, setOpenId] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ text: string; jobs: boolean } | null>(null);
  const problems = useInfiniteQuery(
    trpc.generations.problems.infiniteQueryOptions({ ...filter, limit: PROBLEMS_PAGE_SIZE }, { getNextPageParam: (page) => page.nextCursor, staleTime: 5_000 }),
  );
  const items = problems.data?.pages.flatMap((page) => page.items) ?? [];
  const bulk = useMutation(
    trpc.bulk.start.mutationOptions({
      onSuccess: () => {
        setSelected(new Set());
        setNotice({ text: t("bulkStarted"), jobs: true });
      },
      onError: (error) =>
        setNotice({ text: trpcErrorCode(error) === "CONFLICT" ? tJobs("conflict") : errorMessage(error), jobs: trpcErrorCode(error) === "CONFLICT" }),
    }),
  );
  const select = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  // Selection feeds "Re-sync selected": rows KIE itself failed cannot be re-synced, so they cannot be selected.
  const selectable = items.filter((item) => item.canResync);
  const allShown = selectable.length > 0 && selectable.every((item) => selected.has(item.id));
  return (
    <div className="flex flex-col gap-4">
      <ProblemFilters
        value={filter}
        onChange={(next) => {
          setFilter(next);
          setSelected(new Set());
        }}
      />
      <div className="flex min-h-9 flex-wrap items-center gap-3">
        <span className="text-sm text-zinc-400" aria-live="polite">
          {t("selected", { count: selected.size })}
        </span>
        <button
          type="button"
          data-testid="resync-selected"
          className={ui.primary}
          disabled={selected.size === 0 || bulk.isPending}
          onClick={() => bulk.mutate({ kind: "resync_selected", ids: [...selected] })}
        >
          {t("resyncSelected")}
        </button>
        {notice ? (
          <p role="status" data-testid="repair-notice" className="text-sm text-zinc-200">
            {notice.text}{" "}
            {notice.jobs ? (
              <Link href="/jobs" className="text-accent-400 underline-offset-2 hover:underline">
                {t("openJobs")}
              </Link>
            ) : null}
          </p>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-xl border border-white/10">
        <table data-testid="problem-table" className="w-full min-w-[40rem] text-sm">
          <caption className="sr-only">{t("caption")}</caption>
          <thead className="bg-white/5">
            <tr>
              <th scope="col" className={`${ui.th} w-10`}>
                <input
                  type="checkbox"
                  className="size-4 accent-accent-500"
                  checked={allShown}
                  disabled={selectable.length === 0}
                  onChange={(event) => setSelected(event.currentTarget.checked ? new Set(selectable.map((item) => item.id)) : new Set())}
                  aria-label={t("selectAll")}
                />
              </th>
              <th scope="col" className={ui.th}>
                {t("preview")}
              </th>
              <th scope="col" className={ui.th}>
                {t("status")}
              </th>
              <th scope="col" className={`${ui.th} hidden md:table-cell`}>
                {t("created")}
              </th>
              <th scope="col" className={ui.th}>
                {t("task")}
              </th>
              <th scope="col" className={ui.th}>
                {t("reason")}
              </th>
              <th scope="col" className={ui.th}>
                {t("actions")}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-white/5">
            {items.map((item) => (
              <ProblemRow key={item.id} item={item} selected={selected.has(item.id)} onSelect={select} onOpen={setOpenId} />
            ))}
          </tbody>
        </table>
      </div>
      <div role="status" className="flex items-center gap-3 text-sm text-zinc-400">
        {problems.isPending ? tCommon("loading") : null}
        {problems.error ? <span className="text-rose-300">{tCommon("error", { message: problems.error.message })}</span> : null}
        {problems.isSuccess && items.length === 0 ? <span data-testid="problems-empty">{t("empty")}</span> : null}
        {problems.hasNextPage ? (
          <button
            type="button"
            data-testid="load-more"
            className={ui.button}
            disabled={problems.isFetchingNextPage}
            onClick={() => void problems.fetchNextPage()}
          >
            {problems.isFetchingNextPage ? tCommon("loading") : tCommon("loadMore")}
          </button>
        ) : problems.isSuccess && items.length > 0 ? (
          <span>{tCommon("noMore")}</span>
        ) : null}
      </div>
      <GenerationDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}
