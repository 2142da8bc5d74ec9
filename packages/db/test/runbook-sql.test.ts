import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createTestDatabase } from "../src/testing";

// The old runbook's statements must run unchanged against a migrated database.
describe("runbook SQL on a migrated database", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const user = "4b7f2f5e-8c0a-4f43-9a57-0b8e2d7c1a11";

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await db.sql`
      insert into generations (user_id, type, model, prompt, status, task_id, asset_url, result_urls, created_at)
      values
        (${user}, 'photo', 'google/imagen4', 'a cat', 'success', 'task-ok', 'https://x/a.png', ${["https://k/a.png"]}, now() - interval '3 minutes'),
        (${user}, 'photo', 'google/imagen4', 'a dog', 'completed', 'task-legacy', null, ${["https://k/b.png"]}, now() - interval '2 minutes'),
        (${user}, 'video', 'kling-2.6/text-to-video', 'a wave', 'success', 'task-stuck', null, null, now() - interval '1 minute'),
        (${user}, 'photo', 'google/imagen4', 'queued', 'queued', null, null, null, now())`;
  });
  afterAll(async () => db.drop());

  it("lists the generations columns through information_schema", async () => {
    const rows = await db.sql.unsafe(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'generations' ORDER BY ordinal_position`,
    );
    const columns = Object.fromEntries(rows.map((r) => [r.column_name as string, r.data_type as string]));
    for (const name of ["id", "user_id", "type", "status", "task_id", "asset_url", "preview_url", "thumbnail_url", "created_at"]) {
      expect(columns).toHaveProperty(name);
    }
    expect(columns.result_urls).toBe("ARRAY");
    expect(columns.asset_url).toBe("text");
  });

  it("runs the four ADD COLUMN IF NOT EXISTS statements as no-ops", async () => {
    const before = await db.sql`select count(*)::int as n from information_schema.columns where table_name = 'generations'`;
    await db.sql.unsafe(`ALTER TABLE public.generations ADD COLUMN IF NOT EXISTS asset_url text`);
    await db.sql.unsafe(`ALTER TABLE public.generations ADD COLUMN IF NOT EXISTS preview_url text`);
    await db.sql.unsafe(`ALTER TABLE public.generations ADD COLUMN IF NOT EXISTS thumbnail_url text`);
    await db.sql.unsafe(`ALTER TABLE public.generations ADD COLUMN IF NOT EXISTS result_urls text[]`);
    const after = await db.sql`select count(*)::int as n from information_schema.columns where table_name = 'generations'`;
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("returns the newest generations first", async () => {
    const rows = await db.sql.unsafe(
      `SELECT id, user_id, type, status, task_id, asset_url, preview_url, result_urls, created_at FROM public.generations ORDER BY created_at DESC LIMIT 10`,
    );
    expect(rows.map((r) => r.task_id)).toEqual([null, "task-stuck", "task-legacy", "task-ok"]);
    expect(rows[2]?.result_urls).toEqual(["https://k/b.png"]);
  });

  it("finds successful rows without an asset, legacy 'completed' included", async () => {
    const rows = await db.sql.unsafe(
      `SELECT id, task_id, status, asset_url FROM public.generations WHERE status IN ('success','completed') AND asset_url IS NULL AND task_id IS NOT NULL ORDER BY created_at DESC LIMIT 20`,
    );
    expect(rows.map((r) => [r.task_id, r.status])).toEqual([
      ["task-stuck", "success"],
      ["task-legacy", "completed"],
    ]);
  });

  it("refuses a second row with the same task id", async () => {
    await expect(db.sql`insert into generations (user_id, type, model, prompt, task_id) values (${user}, 'photo', 'm', 'p', 'task-ok')`).rejects.toMatchObject({
      code: "23505",
    });
  });
});
