import { TRPCError } from "@trpc/server";
import { z } from "zod";

import { deepScanObjects } from "../../services/admin/deep-scan";
import { runDoctor } from "../../services/admin/doctor";
import { doctorCheckSchema } from "../../services/admin/doctor-findings";
import { healthReport } from "../../services/admin/health-report";
import { runTestGeneration } from "../../services/admin/test-generation";
import { InvalidCursorError } from "../../lib/keyset-cursor";
import { listFailedJobs } from "../../services/list-failed-jobs";
import { createTRPCRouter, staffProcedure } from "../../trpc";

export const adminHealthRouter = createTRPCRouter({
  /** Counts by status/type, stuck, failed reasons, expired, webhook verdicts (24 h), queue states. */
  report: staffProcedure.query(({ ctx }) => healthReport(ctx.services)),
  /** The runbook as live checks: each a verdict and what it found as codes with parameters (worded by the page). */
  doctor: staffProcedure.output(z.array(doctorCheckSchema)).query(({ ctx }) => runDoctor(ctx.services)),
  /** Create or correct bucket `generations` (the doctor's fix for the bucket check). */
  ensureBucket: staffProcedure.mutation(({ ctx }) => ctx.services.storage.ensureBucket()),
  /** A real generation end to end, timed step by step. */
  testGeneration: staffProcedure.mutation(({ ctx }) => runTestGeneration(ctx.services)),
  /** Rows whose objects are missing from storage. */
  deepScan: staffProcedure.mutation(({ ctx }) => deepScanObjects(ctx.services)),
  /** Dead letters: jobs that ended without doing their work, with their reasons, newest first. */
  failedJobs: staffProcedure
    .input(z.object({ queue: z.string().max(64).optional(), cursor: z.string().max(200).nullish(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      try {
        return await listFailedJobs(ctx.services, input);
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        throw error;
      }
    }),
});
