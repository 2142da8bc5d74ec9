import { generations, type GenerationStatus } from "@lensroom/db";
import { sql } from "drizzle-orm";

/** What the UI and API speak: the legacy `completed` is `success`. */
export type PublicGenerationStatus = Exclude<GenerationStatus, "completed">;

export const normalizeStatus = (status: GenerationStatus): PublicGenerationStatus => (status === "completed" ? "success" : status);

/** `normalizeStatus` in SQL, for statements that group or report by status. */
export const normalizedStatusSql = sql<PublicGenerationStatus>`case when ${generations.status} = 'completed' then 'success' else ${generations.status}::text end`;

/**
 * The rows whose status reads as `success` once normalised (the legacy `completed` too). Written as literals, like the
 * predicate of the partial index `generations_missing_asset_idx`: with bound parameters a prepared statement's generic
 * plan cannot prove that predicate and would not use the index.
 */
export const isSuccessCondition = sql`${generations.status} in ('success', 'completed')`;

/** The rows still moving (queued or generating), as literals like the predicate of the partial index `generations_unfinished_idx`. */
export const isUnfinishedCondition = sql`${generations.status} in ('queued', 'generating')`;
