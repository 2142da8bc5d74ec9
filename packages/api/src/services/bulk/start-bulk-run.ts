import { bulkRunItems, bulkRuns, generations, type BulkRunKind } from "@lensroom/db";
import { eq, sql } from "drizzle-orm";

import type { ServiceDeps } from "../deps";
import { bulkCandidates } from "./bulk-candidates";
import { BulkRunConflictError } from "./bulk-errors";

const isUniqueViolation = (error: unknown) => error instanceof Error && (error.cause as { code?: string } | undefined)?.code === "23505";

/** Start a staff repair run: snapshot its rows as items, then let the feeder pace them. One active run per kind. */
export async function startBulkRun(deps: ServiceDeps, input: { kind: BulkRunKind; createdBy: string; ids?: string[] }) {
  const stuckBefore = new Date(Date.now() - deps.env.LENSROOM_STUCK_AFTER_SECONDS * 1000);
  const runId = await deps.db
    .transaction(async (tx) => {
      const [run] = await tx.insert(bulkRuns).values({ kind: input.kind, createdBy: input.createdBy }).returning({ id: bulkRuns.id });
      if (!run) throw new Error("bulk run insert returned no row");
      const inserted = await tx.execute<{ generation_id: string }>(sql`
        insert into ${bulkRunItems} (run_id, generation_id)
        select ${run.id}::uuid, ${generations.id} from ${generations}
        where ${bulkCandidates(input.kind, { stuckBefore, ids: input.ids }) ?? sql`true`}
        returning generation_id`);
      await tx
        .update(bulkRuns)
        .set({ total: inserted.length, ...(inserted.length === 0 ? { status: "done" as const, finishedAt: new Date() } : {}) })
        .where(eq(bulkRuns.id, run.id));
      return run.id;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw new BulkRunConflictError("A run of this kind is already active: pause, finish or cancel it first");
      throw error;
    });
  await deps.jobs.send("bulk-feed", { runId });
  return runId;
}
