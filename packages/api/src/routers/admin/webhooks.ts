import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { REJECTED_VERDICTS, rejectedWebhookSummary } from "../../services/admin/rejected-webhooks";
import { DeliveryNotReplayableError, listWebhookDeliveries, replayDelivery } from "../../services/admin/webhook-log";
import { createTRPCRouter, staffProcedure } from "../../trpc";

export const adminWebhooksRouter = createTRPCRouter({
  list: staffProcedure
    .input(
      z.object({
        verdict: z.enum(["accepted", "duplicate", "unknown_task", "bad_signature", "bad_request"]).optional(),
        taskId: z.string().max(128).optional(),
        before: z.object({ receivedAt: z.date(), id: z.uuid() }).nullish(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(({ ctx, input }) => listWebhookDeliveries(ctx.services, input)),
  /** Rejected callbacks are counted, not stored: counts per verdict (last hour, last 24 h) and the kept samples. */
  rejected: staffProcedure
    .input(z.object({ verdict: z.enum(REJECTED_VERDICTS).optional(), sampleLimit: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => rejectedWebhookSummary(ctx.services, input)),
  replay: staffProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    try {
      return await replayDelivery(ctx.services, input.id);
    } catch (error) {
      if (error instanceof DeliveryNotReplayableError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
      throw error;
    }
  }),
});
