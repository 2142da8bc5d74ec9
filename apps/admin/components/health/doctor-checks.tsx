"use client";

import type { AdminRouterOutputs } from "@lensroom/api/admin";
import { doctorMessageKeys } from "@lensroom/api/doctor-message-keys";
import { ownFixOf } from "@lensroom/api/doctor-own-fixes";
import { useTranslations } from "next-intl";

import { Badge } from "@/components/ui/badge";
import { ui } from "@/lib/ui";

type Check = AdminRouterOutputs["health"]["doctor"][number];
interface DoctorChecksProps {
  checks: Check[];
  onFixBucket: () => void;
  fixing: boolean;
}

/** Each check: pass/fail, what was found (the server's codes in this page's language), the fix (a button for the bucket). */
export function DoctorChecks({ checks, onFixBucket, fixing }: DoctorChecksProps) {
  const t = useTranslations("doctor");
  return (
    <ul className="divide-y divide-white/5 rounded-xl border border-white/10">
      {checks.map((check) => {
        const key = doctorMessageKeys[check.id];
        const ownFix = ownFixOf(check);
        return (
          <li key={check.id} data-testid="doctor-check" data-check={check.id} data-ok={check.ok} className="flex flex-col gap-2 p-3 sm:flex-row sm:items-start">
            <div className="w-16 shrink-0">
              <Badge tone={check.ok ? "ok" : "bad"}>{check.ok ? t("pass") : t("fail")}</Badge>
            </div>
            <div className="min-w-0 flex-1">
              <p className="text-sm text-zinc-100">{t(`checks.${key}`)}</p>
              <p data-testid="doctor-detail" className="mt-0.5 break-words font-mono text-xs text-zinc-400">
                {check.findings.map((finding) => t(`findings.${finding.code}`, finding.params)).join("; ")}
              </p>
              {check.ok ? null : <p className="mt-1 text-xs text-amber-200/90">{t("hint", { hint: ownFix ? t(`ownFixes.${ownFix}`) : t(`hints.${key}`) })}</p>}
            </div>
            {check.id === "bucket" && !check.ok && ownFix === null ? (
              <button type="button" data-testid="fix-bucket" className={ui.button} disabled={fixing} onClick={onFixBucket}>
                {fixing ? t("fixing") : t("fix")}
              </button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
