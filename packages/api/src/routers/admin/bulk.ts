import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { BulkRunConflictError, BulkRunNotFoundError } from "../../services/bulk/bulk-errors";
import { bulkRunProgress, listBulkRuns } from "../../services/bulk/bulk-run-progress";
import { cancelBulkRun, pauseBulkRun, resumeBulkRun, retryFailedBulkItems } from "../../services/bulk/control-bulk-run";
import { startBulkRun } from "../../services/bulk/start-bulk-run";
import { createTRPCRouter, staffProcedure } from "../../trpc";

const runInput = z.object({ runId: z.uuid() });

function asTrpcError(error: unknown): never {
  if (error instanceof BulkRunConflictError) throw new TRPCError({ code: "CONFLICT", message: error.message });
  if (error instanceof BulkRunNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: error.message });
  throw error;
}

export const adminBulkRouter = createTRPCRouter({
  start: staffProcedure
    .input(
      z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("resync_missing") }),
        z.object({ kind: z.literal("rebuild_previews"), confirm: z.literal(true) }),
        z.object({ kind: z.literal("resync_selected"), ids: z.array(z.uuid()).min(1).max(1000) }),
      ]),
    )
    .mutation(async ({ ctx, input }) => {
      const runId = await startBulkRun(ctx.services, {
        kind: input.kind,
        createdBy: ctx.identity.userId,
        ids: input.kind === "resync_selected" ? input.ids : undefined,
      }).catch(asTrpcError);
      return { runId };
    }),
  runs: staffProcedure.query(({ ctx }) => listBulkRuns(ctx.services)),
  progress: staffProcedure.input(runInput).query(async ({ ctx, input }) => {
    const progress = await bulkRunProgress(ctx.services, input.runId);
    if (!progress) throw new TRPCError({ code: "NOT_FOUND", message: "No such run" });
    return progress;
  }),
  pause: staffProcedure.input(runInput).mutation(({ ctx, input }) => pauseBulkRun(ctx.services, input.runId).catch(asTrpcError)),
  resume: staffProcedure.input(runInput).mutation(({ ctx, input }) => resumeBulkRun(ctx.services, input.runId).catch(asTrpcError)),
  cancel: staffProcedure.input(runInput).mutation(({ ctx, input }) => cancelBulkRun(ctx.services, input.runId).catch(asTrpcError)),
  retryFailed: staffProcedure.input(runInput).mutation(async ({ ctx, input }) => ({
    retried: await retryFailedBulkItems(ctx.services, input.runId).catch(asTrpcError),
  })),
});
