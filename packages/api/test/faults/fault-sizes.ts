import { z } from "zod";

/**
 * Sizes of the fault suite. CI runs the short variant (the whole suite in a few minutes on 2 cores);
 * `LENSROOM_FAULTS_FULL=1` runs the sizes the issue names (1,000 duplicates, 10 kills in 50 ingests, ...).
 */
const full = z
  .enum(["1", "true", "0", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true")
  .parse(process.env.LENSROOM_FAULTS_FULL);

export const FAULT_SIZES = full
  ? {
      duplicateCallbacks: 1_000,
      lostCallbackGenerations: 100,
      killIngests: 50,
      kills: 10,
      outageSeconds: 10,
      outageLoadPerSecond: 100,
      outageGenerations: 10,
      flakyStorageGenerations: 50,
      statusStormGenerations: 40,
      hostileFuzzCases: 500,
    }
  : {
      duplicateCallbacks: 200,
      lostCallbackGenerations: 20,
      killIngests: 20,
      kills: 5,
      outageSeconds: 10,
      outageLoadPerSecond: 25,
      outageGenerations: 4,
      flakyStorageGenerations: 12,
      statusStormGenerations: 12,
      hostileFuzzCases: 60,
    };

/** Test timeouts grow with the sizes. */
export const faultTimeout = (ciMs: number, fullMs: number) => (full ? fullMs : ciMs);
