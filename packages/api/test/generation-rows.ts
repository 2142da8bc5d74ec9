import { generations, type Database, type Generation } from "@lensroom/db";
import { eq } from "drizzle-orm";

import { USER_A } from "./helpers";

/** A user's generating photo of `taskId`, created (and last touched) `ageMs` ago; `values` override any column. */
export async function insertAgedGeneration(db: Database, taskId: string, ageMs: number, values: Partial<typeof generations.$inferInsert> = {}) {
  const createdAt = new Date(Date.now() - ageMs);
  await db.insert(generations).values({
    userId: USER_A,
    type: "photo",
    model: "google/imagen4",
    prompt: "a lighthouse",
    status: "generating",
    taskId,
    createdAt,
    updatedAt: createdAt,
    ...values,
  });
}

/** The row of `taskId`; throws when there is none. */
export async function generationOfTask(db: Database, taskId: string): Promise<Generation> {
  const [found] = await db.select().from(generations).where(eq(generations.taskId, taskId));
  if (!found) throw new Error(`no row for ${taskId}`);
  return found;
}
