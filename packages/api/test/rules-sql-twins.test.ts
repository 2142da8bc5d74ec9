import { generations, generationStatus, mediaStatus, type Generation } from "@lensroom/db";
import { createTestDatabase } from "@lensroom/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { deliveryVerdict, deliveryVerdictSql } from "../src/rules/delivery-verdict";
import { isSuccessCondition, isUnfinishedCondition, normalizeStatus, normalizedStatusSql } from "../src/rules/generation-status";
import { USER_A } from "./helpers";

/** One row per status × media status, its task id naming the pair. */
const rows: Pick<Generation, "status" | "mediaStatus">[] = generationStatus.enumValues.flatMap((status) =>
  mediaStatus.enumValues.map((media) => ({ status, mediaStatus: media })),
);
const taskOf = (row: Pick<Generation, "status" | "mediaStatus">) => `${row.status}/${row.mediaStatus}`;

describe("each rule and its SQL twin agree on every row", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await database.db
      .insert(generations)
      .values(rows.map((row) => ({ ...row, userId: USER_A, type: "photo" as const, model: "google/imagen4", prompt: "p", taskId: taskOf(row) })));
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("delivery verdict, including a task no row has", async () => {
    const tasks = [...rows.map(taskOf), "no-such-task"];
    const answered = await database.db.execute<{ task_id: string; verdict: string }>(
      sql.raw(`select t.task_id, ${deliveryVerdictSql("g")} as verdict
        from unnest(array[${tasks.map((task) => `'${task}'`).join(", ")}]) as t(task_id)
        left join generations g on g.task_id = t.task_id`),
    );
    const expected = Object.fromEntries(tasks.map((task) => [task, deliveryVerdict(rows.find((row) => taskOf(row) === task))]));
    expect(Object.fromEntries(answered.map((row) => [row.task_id, row.verdict]))).toEqual(expected);
    expect(new Set(Object.values(expected))).toEqual(new Set(["unknown_task", "duplicate", "accepted"]));
  });

  it("status as the API speaks it, and which rows read as success or unfinished", async () => {
    const answered = await database.db
      .select({
        taskId: generations.taskId,
        status: normalizedStatusSql,
        success: sql<boolean>`coalesce(${isSuccessCondition}, false)`,
        unfinished: sql<boolean>`coalesce(${isUnfinishedCondition}, false)`,
      })
      .from(generations);
    expect(answered).toHaveLength(rows.length);
    for (const row of answered) {
      const source = rows.find((candidate) => taskOf(candidate) === row.taskId);
      if (!source) throw new Error(`unexpected row ${row.taskId}`);
      expect(row.status, row.taskId ?? "").toBe(normalizeStatus(source.status));
      expect(row.success, row.taskId ?? "").toBe(normalizeStatus(source.status) === "success");
      expect(row.unfinished, row.taskId ?? "").toBe(source.status === "queued" || source.status === "generating");
    }
  });
});
