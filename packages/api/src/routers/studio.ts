import { kieModels } from "@lensroom/kie";
import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { createGeneration, GenerationInputError } from "../services/create-generation";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const createGenerationInput = z.object({
  type: z.enum(["photo", "video"]),
  modelId: z.string().min(1).max(100),
  prompt: z.string().trim().min(3, "Describe what to generate (at least 3 characters)").max(2000),
  aspectRatio: z.string().max(10).optional(),
});

export const studioRouter = createTRPCRouter({
  /** The models the studio offers, grouped by what they make. */
  models: protectedProcedure.query(() => kieModels.map(({ id, family, type, label, aspectRatios }) => ({ id, family, type, label, aspectRatios }))),

  create: protectedProcedure.input(createGenerationInput).mutation(async ({ ctx, input }) => {
    try {
      return await createGeneration(ctx.services, { ...input, userId: ctx.identity.userId });
    } catch (error) {
      if (error instanceof GenerationInputError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    }
  }),
});
