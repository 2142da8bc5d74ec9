import { generations, webhookDeliveries } from "@lensroom/db";
import { desc, eq } from "drizzle-orm";

import type { ServiceDeps } from "../deps";

/** One generation for staff: the row, KIE's live record for its task, and our deliveries for it. */
export async function generationDetail(deps: Pick<ServiceDeps, "db" | "kie">, id: string) {
  const [row] = await deps.db.select().from(generations).where(eq(generations.id, id));
  if (!row) return null;
  const deliveries = row.taskId
    ? await deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, row.taskId)).orderBy(desc(webhookDeliveries.receivedAt)).limit(50)
    : [];
  let kieRecord: { ok: true; status: unknown } | { ok: false; error: string } | null = null;
  if (row.taskId) {
    kieRecord = await deps.kie
      .getTaskStatus(row.kieFamily, row.taskId)
      .then((status) => ({ ok: true as const, status: { ...status, raw: status.raw } }))
      .catch((error: unknown) => ({ ok: false as const, error: error instanceof Error ? error.message : String(error) }));
  }
  return { generation: row, deliveries, kieRecord };
}
