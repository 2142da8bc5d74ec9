import type { KieFamilyValue } from "@lensroom/db";

const MINUTE = 60_000;

/**
 * How long a family's task may stay unfinished before we stop asking KIE. KIE's polling guidance (jobs/recordInfo)
 * is to stop after 10–15 minutes; photos of every family finish well inside that, and the video families (Veo,
 * Runway, the market's video models) render for several minutes. Each bound is about twice what KIE's pages
 * suggest, so a slow task is never cut off.
 */
export const GIVE_UP_AFTER_MS: Record<KieFamilyValue, number> = {
  market: 30 * MINUTE,
  gpt4o: 20 * MINUTE,
  flux: 20 * MINUTE,
  veo: 60 * MINUTE,
  runway: 60 * MINUTE,
};

/** And a bound on the number of times one task is asked, whatever its age (the sweep's spacing makes ~20 in an hour). */
export const GIVE_UP_AFTER_SYNCS = 40;

/** KIE answers success but no URL can be read: read it again this many times in all, then fail it. */
export const EMPTY_SUCCESS_READS = 3;

export const GAVE_UP_CODE = "kie_gave_up";
export const NO_RESULT_CODE = "kie_no_result";
export const NO_RESULT_MESSAGE = "KIE reported success without a result";

/**
 * Whether a task still unfinished at KIE has been asked about long enough or often enough. `factor` stretches both
 * bounds (a KIE that does not answer at all is given twice as long as one that answers "still generating").
 */
export function shouldGiveUp(row: { family: KieFamilyValue; createdAt: Date; syncAttempts: number }, factor = 1, now = Date.now()): boolean {
  return now - row.createdAt.getTime() > factor * GIVE_UP_AFTER_MS[row.family] || row.syncAttempts >= factor * GIVE_UP_AFTER_SYNCS;
}

export function gaveUpMessage(row: { family: KieFamilyValue; syncAttempts: number }): string {
  return `KIE did not finish this task within ${GIVE_UP_AFTER_MS[row.family] / MINUTE} minutes (asked ${row.syncAttempts} times)`;
}
