import { generations, type GenerationStatus, type GenerationType } from "@lensroom/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { normalizeStatus, type PublicGenerationStatus } from "../src/rules/generation-status";
import { InvalidCursorError } from "../src/lib/keyset-cursor";
import { listLibrary } from "../src/services/list-library";
import { createTestServices } from "../src/testing";
import { USER_A, USER_B } from "./helpers";

const TYPES = ["photo", "video"] as const satisfies readonly GenerationType[];
const STATUSES: GenerationStatus[] = ["queued", "generating", "success", "completed", "failed", "expired"];

// Every filter combination is its own prepared statement: each must page through exactly the rows an unpaged,
// in-memory sort would give, across timestamp ties, and never show another user's rows.
describe("listLibrary (keyset pages on prepared statements)", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const expected: Array<{ id: string; createdAt: string; type: GenerationType; status: PublicGenerationStatus }> = [];

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    // 60 rows for A (every 3 share one timestamp, every type × status), 20 for B at the same times.
    const base = Date.parse("2026-11-01T00:00:00.123456Z");
    const rows = Array.from({ length: 80 }, (_, i) => ({
      userId: i < 60 ? USER_A : USER_B,
      type: TYPES[i % 2] as GenerationType,
      status: STATUSES[Math.floor(i / 2) % STATUSES.length] as GenerationStatus,
      model: "fixture",
      prompt: `row ${i}`,
      createdAt: new Date(base - Math.floor((i % 60) / 3) * 60_000),
    }));
    const inserted = await env.services.db.insert(generations).values(rows).returning({
      id: generations.id,
      userId: generations.userId,
      createdAt: generations.createdAt,
      type: generations.type,
      status: generations.status,
    });
    for (const row of inserted) {
      if (row.userId === USER_A) expected.push({ id: row.id, createdAt: row.createdAt.toISOString(), type: row.type, status: normalizeStatus(row.status) });
    }
    // Newest first, ties by id descending (byte order, like Postgres compares uuids).
    const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
    expected.sort((a, b) => desc(a.createdAt, b.createdAt) || desc(a.id, b.id));
  });
  afterAll(async () => {
    await env?.services.close();
  });

  const walk = async (filters: { type?: (typeof TYPES)[number]; status?: PublicGenerationStatus }, limit: number) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: Awaited<ReturnType<typeof listLibrary>> = await listLibrary(env.services.db, { userId: USER_A, limit, cursor, ...filters });
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (!cursor) return ids;
    }
    throw new Error("paging did not end");
  };

  const combos = [undefined, ...TYPES].flatMap((type) =>
    [undefined, "success", "failed", "queued"].map((status) => ({ type, status: status as PublicGenerationStatus | undefined })),
  );
  it.each(combos)("type $type, status $status: all matching rows in order, each once", async (filters) => {
    const want = expected
      .filter((row) => (!filters.type || row.type === filters.type) && (!filters.status || row.status === filters.status))
      .map((row) => row.id);
    expect(want.length).toBeGreaterThan(0);
    // Page sizes that split timestamp ties (every 3 rows share one) at different places.
    for (const limit of [1, 4, 7, 100]) expect(await walk(filters, limit)).toEqual(want);
  });

  it("legacy completed rows are listed as success and found by the success filter", async () => {
    const { items } = await listLibrary(env.services.db, { userId: USER_A, limit: 100, status: "success" });
    expect(items.length).toBe(expected.filter((row) => row.status === "success").length);
    expect(items.every((item) => item.status === "success")).toBe(true);
  });

  it("another user's rows never appear", async () => {
    const ids = new Set(await walk({}, 9));
    const { items } = await listLibrary(env.services.db, { userId: USER_B, limit: 100 });
    expect(items).toHaveLength(20);
    expect(items.some((item) => ids.has(item.id))).toBe(false);
  });

  it("a forged cursor is refused with a readable error", async () => {
    await expect(listLibrary(env.services.db, { userId: USER_A, limit: 5, cursor: "not-a-cursor" })).rejects.toBeInstanceOf(InvalidCursorError);
  });
});
