"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";

import { ui } from "@/lib/ui";
import { useTRPC } from "@/trpc/client";

/** Rows whose stored objects are gone from the bucket. */
export function DeepScan() {
  const t = useTranslations("doctor");
  const tCommon = useTranslations("common");
  const trpc = useTRPC();
  const scan = useMutation(trpc.health.deepScan.mutationOptions());
  return (
    <section data-testid="deep-scan" className={ui.card}>
      <h3 className="font-medium">{t("scanTitle")}</h3>
      <p className="mt-1 text-xs text-zinc-400">{t("scanText")}</p>
      <button type="button" className={`${ui.button} mt-3`} disabled={scan.isPending} onClick={() => scan.mutate()}>
        {scan.isPending ? t("scanRunning") : t("scanRun")}
      </button>
      <div role="status" aria-live="polite" className="mt-3 text-sm">
        {scan.error ? <p className="text-rose-300">{tCommon("error", { message: scan.error.message })}</p> : null}
        {scan.data ? <p data-testid="deep-scan-result">{t("scanResult", { scanned: scan.data.scanned, missing: scan.data.missing.length })}</p> : null}
      </div>
      {scan.data && scan.data.missing.length > 0 ? (
        <ul className="mt-2 max-h-72 divide-y divide-white/5 overflow-y-auto text-xs">
          {scan.data.missing.map((row) => (
            <li key={`${row.id}:${row.path}`} data-testid="deep-scan-missing" className="py-1.5">
              <span className="block break-all font-mono text-rose-200">{row.path}</span>
              <Link href={`/repair?search=${encodeURIComponent(row.id)}`} className="break-all font-mono text-accent-400 hover:underline">
                {t("generation")} {row.id}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
