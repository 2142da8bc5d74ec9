import type { GenerationStatus } from "@lensroom/db";

/** What the UI and API speak: the legacy `completed` is `success`. */
export type PublicGenerationStatus = Exclude<GenerationStatus, "completed">;

export const normalizeStatus = (status: GenerationStatus): PublicGenerationStatus =>
  status === "completed" ? "success" : status;

const UNFINISHED_STATUSES = ["queued", "generating"] as const satisfies readonly GenerationStatus[];
const SUCCESS_STATUSES = ["success", "completed"] as const satisfies readonly GenerationStatus[];
const TERMINAL_STATUSES = ["success", "completed", "failed", "expired"] as const satisfies readonly GenerationStatus[];
