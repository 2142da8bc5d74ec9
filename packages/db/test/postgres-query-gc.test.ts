import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createTestDatabase } from "../src/testing";
import { garbageCollectionsDuring } from "../src/testing-gc";

// postgres.js is patched (patches/postgres@3.4.9.patch): upstream stores a fresh closure on every Query
// (`this.resolve = x => …`), and on Node 20's V8 that keeps each Query and the page of rows it resolved to alive
// through young-generation scavenges until the next full GC. On a listing loop that meant megabytes copied per
// scavenge and 15–40 ms pauses every few hundred pages. Both tests fail against the unpatched package.
describe("postgres.js queries die young (patched Query)", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await db.sql`create table gc_probe (n int primary key, a text, b text, c text)`;
    await db.sql`insert into gc_probe select g, repeat('a', 200) || g, repeat('b', 200) || g, repeat('c', 200) || g
      from generate_series(1, 1000) g`;
  });
  afterAll(async () => db.drop());

  it("settles a query through the promise's own resolving functions, not a closure stored per query", async () => {
    const query = db.sql`select 1 as one`;
    expect(Object.hasOwn(query, "resolve")).toBe(false);
    expect(Object.hasOwn(query, "reject")).toBe(false);
    expect(await query).toEqual([{ one: 1 }]);
    await expect(db.sql`select 1 / 0`).rejects.toMatchObject({ code: "22012" });
    // The connection is still usable after a failed query.
    expect(await db.sql`select count(*)::int as n from gc_probe`).toEqual([{ n: 1000 }]);
  });

  it("reads 2,000 pages of 49 wide rows without a single full garbage collection", async () => {
    for (let i = 0; i < 20; i++) await db.sql`select * from gc_probe where n > ${i} order by n limit 49`;
    let rows = 0;
    const collections = await garbageCollectionsDuring(async () => {
      for (let i = 0; i < 2_000; i++) rows += (await db.sql`select * from gc_probe where n > ${i % 900} order by n limit 49`).length;
    });
    expect(rows).toBe(2_000 * 49);
    expect(collections.minor).toBeGreaterThan(0);
    expect(collections.full).toBe(0);
  });
});
