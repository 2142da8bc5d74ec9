import { z } from "zod";

// Only zod: the studio's client component imports the prompt limits from here to check a prompt before it is sent.

/** How long a prompt may be, after trimming. */
export const PROMPT_LIMITS = { min: 3, max: 2000 } as const;

/** The input of `studio.create`. */
export const createGenerationInput = z.object({
  type: z.enum(["photo", "video"]),
  modelId: z.string().min(1).max(100),
  prompt: z.string().trim().min(PROMPT_LIMITS.min, `Describe what to generate (at least ${PROMPT_LIMITS.min} characters)`).max(PROMPT_LIMITS.max),
  aspectRatio: z.string().max(10).optional(),
});
