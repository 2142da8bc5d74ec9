import type { DoctorCheck, DoctorFindingCode } from "./doctor-findings";

// No runtime imports: the admin's client component reads this too.

/**
 * Findings whose fix differs from their check's usual one: each surface suggests the finding's fix instead (the
 * first such finding of a failed check).
 */
export const findingsWithOwnFix = ["bucket_wrong_key", "policies_elsewhere", "policies_db_not_supabase"] as const satisfies readonly DoctorFindingCode[];
export type FindingWithOwnFix = (typeof findingsWithOwnFix)[number];

const isOwnFix = (code: DoctorFindingCode): code is FindingWithOwnFix => (findingsWithOwnFix as readonly DoctorFindingCode[]).includes(code);

/** The finding whose fix a failed check suggests, when it has one of its own. */
export function ownFixOf(check: Pick<DoctorCheck, "ok" | "findings">): FindingWithOwnFix | null {
  if (check.ok) return null;
  return check.findings.map((finding) => finding.code).find(isOwnFix) ?? null;
}
