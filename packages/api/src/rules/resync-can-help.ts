import { generations, type GenerationStatus } from "@lensroom/db";
import { isNull, notInArray, or } from "drizzle-orm";

/**
 * Whether asking KIE again (re-sync) can change a generation: anything but an end KIE (or the old site) reported —
 * a failure or an expiry that carries an `error_code` (asking again cannot change it, and sync never overwrites
 * one). An end of our own, which leaves the code empty (a download or copy failed, KIE's link died while we copied),
 * can be retried. The one rule the library's tiles and the admin's problem table both follow.
 */
export function resyncCanHelp(row: { status: GenerationStatus; errorCode: string | null }): boolean {
  return !((row.status === "failed" || row.status === "expired") && row.errorCode !== null);
}

/**
 * `resyncCanHelp` as a WHERE condition, for the statements that must leave a reported end untouched (sync and
 * ingest write only where it holds). test/resync-rule.test.ts checks both agree on every status and code.
 */
export const resyncCanHelpCondition = or(notInArray(generations.status, ["failed", "expired"]), isNull(generations.errorCode));
