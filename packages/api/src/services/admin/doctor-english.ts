import { createTranslator } from "use-intl/core";

// The admin's English catalog: `pnpm run doctor` words the checks with the same messages as the admin page.
import messages from "../../../../../apps/admin/messages/en.json" with { type: "json" };
import type { DoctorCheck } from "./doctor-findings";
import { doctorMessageKeys } from "./doctor-message-keys";
import { ownFixOf } from "./doctor-own-fixes";

const t = createTranslator({ locale: "en", messages, namespace: "doctor" });

/** One check as `pnpm run doctor` prints it: its title, what was found, and the fix when it failed. */
export function formatDoctorCheckEnglish(check: DoctorCheck): { title: string; detail: string; hint: string | null } {
  const key = doctorMessageKeys[check.id];
  const ownFix = ownFixOf(check);
  return {
    title: t(`checks.${key}`),
    detail: check.findings.map((finding) => t(`findings.${finding.code}`, finding.params)).join("; "),
    hint: check.ok ? null : ownFix ? t(`ownFixes.${ownFix}`) : t(`hints.${key}`),
  };
}
