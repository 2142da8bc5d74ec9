import type { GenerationTypeWord } from "./generation-words";

/** The repair page's filter, shared by the server page (URL → first page) and the client form. */
export const PROBLEM_KINDS = ["any", "no_asset", "stuck", "failed", "expired", "media_failed"] as const;
export const AGES = { hour: 60, day: 1440, week: 10_080 } as const;
export const PROBLEMS_PAGE_SIZE = 50;

export interface ProblemFilterValue {
  kind: (typeof PROBLEM_KINDS)[number];
  type?: GenerationTypeWord;
  userId?: string;
  search?: string;
  olderThanMinutes?: number;
}
