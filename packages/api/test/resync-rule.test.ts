import { generations, generationStatus, type GenerationStatus } from "@lensroom/db";
import { createTestDatabase } from "@lensroom/db/testing";
import type { SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { bulkCandidates } from "../src/services/bulk/bulk-candidates";
import { resyncCanHelp, resyncCanHelpCondition } from "../src/rules/resync-can-help";
import { toLibraryItem, type LibraryRow } from "../src/services/library-item";
import { USER_A } from "./helpers";

const base: LibraryRow = {
  id: "00000000-0000-4000-8000-000000000001",
  userId: "00000000-0000-4000-8000-000000000002",
  type: "photo",
  status: "queued",
  model: "google/imagen4",
  prompt: "a lighthouse",
  aspectRatio: null,
  taskId: "task-1",
  assetUrl: null,
  previewUrl: null,
  thumbnailUrl: null,
  assetMime: null,
  assetBytes: null,
  width: null,
  height: null,
  durationMs: null,
  placeholder: null,
  mediaStatus: "none",
  mediaError: null,
  errorCode: null,
  errorMessage: null,
  createdAt: new Date("2025-01-01T00:00:00Z"),
  completedAt: null,
};

/** Codes an end can carry: KIE's own failCode, ours for a KIE refusal, an upstream expiry, and the old site's. */
const CODES = [null, "400", "kie_validation", "kie_task_unknown", "kie_retention", "legacy_failed", "legacy_no_copy"];
const reportedEnd = (status: GenerationStatus, errorCode: string | null) => (status === "failed" || status === "expired") && errorCode !== null;

describe("the re-sync rule", () => {
  it("refuses a failure or an expiry that was reported (it carries a code), and nothing else", () => {
    for (const status of generationStatus.enumValues) {
      for (const errorCode of CODES) {
        expect(resyncCanHelp({ status, errorCode }), `${status} ${errorCode}`).toBe(!reportedEnd(status, errorCode));
      }
    }
    // Our own ends leave the code empty and can be retried.
    expect(resyncCanHelp({ status: "failed", errorCode: null })).toBe(true);
    expect(resyncCanHelp({ status: "expired", errorCode: null })).toBe(true);
    // KIE's, and the old site's, cannot.
    expect(resyncCanHelp({ status: "expired", errorCode: "kie_task_unknown" })).toBe(false);
    expect(resyncCanHelp({ status: "failed", errorCode: "legacy_cancelled" })).toBe(false);
  });

  it("the library offers re-sync for what has no preview, except a reported failure or expiry", () => {
    for (const status of generationStatus.enumValues) {
      for (const errorCode of CODES) {
        for (const thumbnailUrl of [null, "http://127.0.0.1:9/thumb.webp"]) {
          const item = toLibraryItem({ ...base, status, errorCode, thumbnailUrl });
          const expected = thumbnailUrl === null && !reportedEnd(status, errorCode);
          expect(item.canResync, `${status} ${errorCode} ${thumbnailUrl}`).toBe(expected);
        }
      }
    }
    expect(toLibraryItem({ ...base, status: "failed", errorCode: "400" }).canResync).toBe(false);
    expect(toLibraryItem({ ...base, status: "failed", mediaError: "download refused" }).canResync).toBe(true);
    expect(toLibraryItem({ ...base, status: "expired", errorCode: "kie_retention" }).canResync).toBe(false);
    expect(toLibraryItem({ ...base, status: "expired", mediaError: "tempfile.aiquickdraw.com answered 404" }).canResync).toBe(true);
  });
});

describe("the re-sync rule in SQL", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** One row per status × code, its prompt naming the pair. */
  const rows: { status: GenerationStatus; errorCode: string | null; prompt: string }[] = generationStatus.enumValues.flatMap((status) =>
    CODES.map((errorCode) => ({ status, errorCode, prompt: `${status} ${errorCode}` })),
  );

  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await database.db
      .insert(generations)
      .values(rows.map((row, i) => ({ ...row, userId: USER_A, type: "photo" as const, model: "google/imagen4", taskId: `rule-${i}` })));
  });
  afterAll(async () => {
    await database?.drop();
  });

  const promptsWhere = async (condition: SQL | undefined) =>
    (await database.db.select({ prompt: generations.prompt }).from(generations).where(condition)).map((r) => r.prompt).sort();

  it("resyncCanHelpCondition selects exactly the rows resyncCanHelp allows", async () => {
    const allowed = rows
      .filter((row) => resyncCanHelp(row))
      .map((row) => row.prompt)
      .sort();
    expect(await promptsWhere(resyncCanHelpCondition)).toEqual(allowed);
  });

  it('"Re-sync missing" takes failed and expired rows only when the end was ours (no code)', async () => {
    const picked = new Set(await promptsWhere(bulkCandidates("resync_missing", { stuckBefore: new Date(0) })));
    for (const status of ["failed", "expired"] as const) {
      expect(picked.has(`${status} null`), `${status} null`).toBe(true);
      for (const errorCode of CODES.filter((code) => code !== null)) expect(picked.has(`${status} ${errorCode}`), `${status} ${errorCode}`).toBe(false);
    }
  });

  it('"Re-sync selected" takes none of the reported ends', async () => {
    const all = await database.db.select({ id: generations.id, status: generations.status, errorCode: generations.errorCode }).from(generations);
    const picked = await database.db
      .select({ id: generations.id })
      .from(generations)
      .where(bulkCandidates("resync_selected", { stuckBefore: new Date(0), ids: all.map((row) => row.id) }));
    expect(picked.map((row) => row.id).sort()).toEqual(
      all
        .filter((row) => resyncCanHelp(row))
        .map((row) => row.id)
        .sort(),
    );
  });
});
