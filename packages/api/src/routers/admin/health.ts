import { deepScanObjects } from "../../services/admin/deep-scan";
import { runDoctor } from "../../services/admin/doctor";
import { healthReport } from "../../services/admin/health-report";
import { runTestGeneration } from "../../services/admin/test-generation";
import { createTRPCRouter, staffProcedure } from "../../trpc";

export const adminHealthRouter = createTRPCRouter({
  /** Counts by status/type, stuck, failed reasons, expired, webhook verdicts (24 h), queue states. */
  report: staffProcedure.query(({ ctx }) => healthReport(ctx.services)),
  /** The runbook as live checks with fix hints. */
  doctor: staffProcedure.query(({ ctx }) => runDoctor(ctx.services)),
  /** Create or correct bucket `generations` (the doctor's fix for the bucket check). */
  ensureBucket: staffProcedure.mutation(({ ctx }) => ctx.services.storage.ensureBucket()),
  /** A real generation end to end, timed step by step. */
  testGeneration: staffProcedure.mutation(({ ctx }) => runTestGeneration(ctx.services)),
  /** Rows whose objects are missing from storage. */
  deepScan: staffProcedure.mutation(({ ctx }) => deepScanObjects(ctx.services)),
});
