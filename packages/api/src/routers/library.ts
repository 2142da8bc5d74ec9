import { generations } from "@lensroom/db";
import { TRPCError } from "@trpc/server";
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";

import { InvalidCursorError } from "../lib/keyset-cursor";
import { libraryColumns, toLibraryItem } from "../services/library-item";
import { deleteGeneration } from "../services/delete-generation";
import { queueFallbackSync } from "../services/fallback-sync";
import { listLibrary } from "../services/list-library";
import { createTRPCRouter, protectedProcedure } from "../trpc";

const listLibraryInput = z.object({
  limit: z.number().int().min(1).max(100).default(48),
  cursor: z.string().max(200).nullish(),
  type: z.enum(["photo", "video"]).optional(),
  status: z.enum(["queued", "generating", "success", "failed", "expired"]).optional(),
});

export const libraryRouter = createTRPCRouter({
  /** The caller's generations, newest first, keyset-paged. */
  list: protectedProcedure.input(listLibraryInput).query(async ({ ctx, input }) => {
    try {
      return await listLibrary(ctx.services.db, { ...input, userId: ctx.identity.userId });
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    }
  }),

  /** Fresh state of a few of the caller's generations (live status polling). Others' ids are simply absent. */
  byIds: protectedProcedure.input(z.object({ ids: z.array(z.uuid()).min(1).max(100) })).query(async ({ ctx, input }) => {
    const rows = await ctx.services.db
      .select(libraryColumns)
      .from(generations)
      .where(and(eq(generations.userId, ctx.identity.userId), inArray(generations.id, input.ids)));
    return rows.map(toLibraryItem);
  }),

  /** Fallback sync on library open: queues (never awaits) syncs of the caller's stale unfinished generations. */
  fallbackSync: protectedProcedure.mutation(async ({ ctx }) => {
    if (!ctx.services.env.NEXT_PUBLIC_KIE_FALLBACK_SYNC) return { candidates: 0, queued: 0 };
    return queueFallbackSync(ctx.services, ctx.identity.userId);
  }),

  /** Delete one of the caller's generations and its files. Someone else's id answers NOT_FOUND, like a missing one. */
  delete: protectedProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    if (!(await deleteGeneration(ctx.services, ctx.identity.userId, input.id))) {
      throw new TRPCError({ code: "NOT_FOUND", message: "No such generation" });
    }
    return { id: input.id };
  }),
});
