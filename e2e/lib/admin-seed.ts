import { randomUUID } from "node:crypto";

import { createDatabase, generations, type NewGeneration } from "@lensroom/db";
import { createKieClient } from "@lensroom/kie";
import { vi } from "vitest";

export interface AdminSeed {
  userId: string;
  missingIds: string[];
  stuckIds: string[];
  failedIds: string[];
}

const MODEL = "google/imagen4";
/** Nobody listens here: the simulator's callbacks for seeded tasks are lost, as in the old system. */
const LOST_CALLBACK = "http://127.0.0.1:9/lost";

/**
 * The states the old system left behind, for one fresh user: `missing` successful rows without an asset (every
 * tenth spelt as the legacy `completed`) and `stuck` rows generating for an hour, all with real simulator tasks;
 * and `failed` rows KIE refused (nothing to re-sync). Tasks are created through the KIE client, within its limits.
 * The broken rows look as if the sweep had already tried ten times: it backs off 15 minutes before the next try,
 * so during the test only staff repair them. Returns once KIE reports the last task finished (every task renders for
 * the same time, so the earlier ones have too): staff asking KIE about them then find results.
 */
export async function seedBrokenGenerations(
  options: { databaseUrl: string; kieUrl: string; kieApiKey: string },
  counts = { missing: 50, stuck: 10, failed: 5 },
): Promise<AdminSeed> {
  const kie = createKieClient({ baseUrl: options.kieUrl, apiKey: options.kieApiKey });
  const userId = randomUUID();
  const hourAgo = new Date(Date.now() - 3_600_000);
  const justSynced = new Date();
  const rows: NewGeneration[] = [];
  for (let i = 0; i < counts.missing + counts.stuck; i++) {
    const prompt = `admin e2e ${i < counts.missing ? "lost result" : "stuck"} ${i}`;
    const task = await kie.createTask({ family: "market", model: MODEL, prompt, callBackUrl: LOST_CALLBACK });
    const missing = i < counts.missing;
    rows.push({
      userId,
      type: "photo",
      model: MODEL,
      prompt,
      taskId: task.taskId,
      status: missing ? (i % 10 === 9 ? "completed" : "success") : "generating",
      createdAt: new Date(hourAgo.getTime() + i * 1000),
      updatedAt: hourAgo,
      syncAttempts: 10,
      lastSyncedAt: justSynced,
    });
  }
  for (let i = 0; i < counts.failed; i++) {
    rows.push({
      userId,
      type: "photo",
      model: MODEL,
      prompt: `admin e2e refused ${i}`,
      taskId: `e2e-refused-${randomUUID()}`,
      status: "failed",
      errorCode: "400",
      errorMessage: "The prompt was refused by the content policy (seeded)",
      createdAt: new Date(hourAgo.getTime() - (i + 1) * 1000),
      updatedAt: hourAgo,
    });
  }
  const last = rows.findLast((row) => row.status !== "failed")?.taskId;
  if (last) {
    await vi.waitUntil(async () => (await kie.getTaskStatus("market", last)).state === "success", { timeout: 60_000, interval: 250 });
  }
  const database = createDatabase(options.databaseUrl, { max: 1, applicationName: "e2e-admin-seed" });
  try {
    const inserted = await database.db.insert(generations).values(rows).returning({ id: generations.id, status: generations.status });
    const ids = (statuses: string[]) => inserted.filter((r) => statuses.includes(r.status)).map((r) => r.id);
    return { userId, missingIds: ids(["success", "completed"]), stuckIds: ids(["generating"]), failedIds: ids(["failed"]) };
  } finally {
    await database.close();
  }
}

export interface SeededRowState {
  id: string;
  status: string;
  thumbnail_url: string | null;
  asset_url: string | null;
}

/** The seeded rows as they are now, straight from the database. */
export async function seededRows(databaseUrl: string, userId: string): Promise<SeededRowState[]> {
  const database = createDatabase(databaseUrl, { max: 1, applicationName: "e2e-admin-check" });
  try {
    return await database.sql<SeededRowState[]>`
      select id::text, status::text, thumbnail_url, asset_url from generations where user_id = ${userId}::uuid`;
  } finally {
    await database.close();
  }
}
