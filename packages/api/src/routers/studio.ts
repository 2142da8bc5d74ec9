import { kieModels } from "@lensroom/kie";
import { TRPCError } from "@trpc/server";

import { createGeneration, GenerationInputError } from "../services/create-generation";
import { createTRPCRouter, protectedProcedure } from "../trpc";
import { createGenerationInput } from "./studio-input";

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
