import { generations, type GenerationStatus } from "@lensroom/db";
import { inArray, sql } from "drizzle-orm";

/** What the UI and API speak: the legacy `completed` is `success`. */
export type PublicGenerationStatus = Exclude<GenerationStatus, "completed">;

export const normalizeStatus = (status: GenerationStatus): PublicGenerationStatus => (status === "completed" ? "success" : status);

/** `normalizeStatus` in SQL, for statements that group or report by status. */
export const normalizedStatusSql = sql<PublicGenerationStatus>`case when ${generations.status} = 'completed' then 'success' else ${generations.status}::text end`;

/** The rows whose status reads as `success` once normalised (the legacy `completed` too). */
export const isSuccessCondition = inArray(generations.status, ["success", "completed"]);
