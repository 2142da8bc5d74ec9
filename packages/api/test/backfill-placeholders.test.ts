import { generations } from "@lensroom/db";
import { createTestDatabase } from "@lensroom/db/testing";
import { placeholderDataUrl } from "@lensroom/media/placeholder";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { backfillPlaceholders } from "../src/services/backfill-placeholders";
import { toLibraryItem } from "../src/services/library-item";
import { USER_A } from "./helpers";

/** A real ThumbHash (a landscape photo's). */
const HASH = "1QcSHQRnh493V4dIh4eXh1h4kJUI";

describe("the placeholder backfill", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    const row = { userId: USER_A, type: "photo" as const, model: "google/imagen4", status: "success" as const };
    await database.db
      .insert(generations)
      .values([
        ...Array.from({ length: 5 }, (_, i) => ({ ...row, prompt: `old ${i}`, thumbhash: HASH })),
        { ...row, prompt: "malformed", thumbhash: "AA" },
        { ...row, prompt: "no hash", thumbhash: null },
        { ...row, prompt: "drawn", thumbhash: HASH, placeholder: "data:image/png;base64,kept" },
      ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("draws the missing placeholders in bounded batches until none is left, leaving drawn rows alone", async () => {
    expect(await backfillPlaceholders({ db: database.db }, 4)).toBe(4);
    expect(await backfillPlaceholders({ db: database.db }, 4)).toBe(2);
    expect(await backfillPlaceholders({ db: database.db }, 4)).toBe(0);

    const byPrompt = Object.fromEntries((await database.db.select().from(generations)).map((row) => [row.prompt, row]));
    const expected = await placeholderDataUrl(HASH);
    expect(expected).toMatch(/^data:image\/png;base64,/);
    for (let i = 0; i < 5; i++) expect(byPrompt[`old ${i}`]?.placeholder).toBe(expected);
    expect(byPrompt["drawn"]?.placeholder).toBe("data:image/png;base64,kept");
    expect(byPrompt["no hash"]?.placeholder).toBeNull();
    // A hash that is not one is marked done and lists as no placeholder.
    const malformed = byPrompt["malformed"];
    if (!malformed) throw new Error("no malformed row");
    expect(malformed.placeholder).toBe("");
    expect(toLibraryItem(malformed).placeholder).toBeNull();
    const [listed] = await database.db.select().from(generations).where(eq(generations.prompt, "old 0"));
    if (!listed) throw new Error("no row");
    expect(toLibraryItem(listed).placeholder).toBe(expected);
  });
});
