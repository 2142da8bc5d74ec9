import type { GenerationStatus } from "@lensroom/db";

/** What the UI and API speak: the legacy `completed` is `success`. */
export type PublicGenerationStatus = Exclude<GenerationStatus, "completed">;

export const normalizeStatus = (status: GenerationStatus): PublicGenerationStatus => (status === "completed" ? "success" : status);
