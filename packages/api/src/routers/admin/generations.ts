import { generations } from "@lensroom/db";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { z } from "zod";

import { InvalidCursorError } from "../../lib/keyset-cursor";
import { generationDetail } from "../../services/admin/generation-detail";
import { listProblemGenerations, problemKinds } from "../../services/admin/problem-generations";
import { resyncCanHelp } from "../../rules/resync-can-help";
import { INTERACTIVE_SYNC_WAIT_MS, syncAndWait } from "../../services/sync-through-job";
import { createTRPCRouter, staffProcedure } from "../../trpc";

const idInput = z.object({ id: z.uuid() });

export const adminGenerationsRouter = createTRPCRouter({
  /** Problem generations with filters and search, keyset-paged. */
  problems: staffProcedure
    .input(
      z.object({
        kind: z.enum(problemKinds).default("any"),
        type: z.enum(["photo", "video", "audio"]).optional(),
        userId: z.uuid().optional(),
        search: z.string().trim().max(128).optional(),
        olderThanMinutes: z.number().int().min(1).max(525_600).optional(),
        cursor: z.string().max(200).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      try {
        return await listProblemGenerations(ctx.services, input);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        throw error;
      }
    }),

  /** The row, KIE's live record and our webhook deliveries for it. */
  detail: staffProcedure.input(idInput).query(async ({ ctx, input }) => {
    const detail = await generationDetail(ctx.services, input.id);
    if (!detail) throw new TRPCError({ code: "NOT_FOUND", message: "No such generation" });
    return detail;
  }),

  /**
   * Ask KIE again and repair (sync → ingest); a failure or expiry KIE (or the old site) reported is left alone
   * (asking cannot change it): the answer names which, with the expiry's code.
   */
  resync: staffProcedure.input(idInput).mutation(async ({ ctx, input, signal }) => {
    const [row] = await ctx.services.db
      .select({ taskId: generations.taskId, status: generations.status, errorCode: generations.errorCode })
      .from(generations)
      .where(eq(generations.id, input.id));
    if (!row) throw new TRPCError({ code: "NOT_FOUND", message: "No such generation" });
    if (!resyncCanHelp(row)) return row.status === "expired" ? { outcome: "expired" as const, reason: row.errorCode } : { outcome: "kie_failed" as const };
    if (row.taskId) return syncAndWait(ctx.services.jobs, { taskId: row.taskId, reason: "admin" }, { timeoutMs: INTERACTIVE_SYNC_WAIT_MS, signal });
    await ctx.services.jobs.send("media-ingest", { generationId: input.id });
    return { outcome: "ingest_queued" as const };
  }),

  /** Rebuild thumbnail, preview and placeholder from the stored original. */
  rederive: staffProcedure.input(idInput).mutation(async ({ ctx, input }) => {
    const queued = await ctx.services.jobs.send("media-ingest", { generationId: input.id, rederive: true });
    return { queued: queued !== null };
  }),
});
