import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createDatabase } from "../src/client";
import { createTestDatabase } from "../src/testing";

// postgres.js reads the server's array types on every new connection, and a failure of that internal query rejects
// where nothing can catch it (porsager/postgres#1192): the process ends. `createDatabase` makes the pool read them
// once. Here the read is made to fail on every later connection (a role that may no longer see `pg_type`); if the
// pool read them again, the rejection would surface as an unhandled error and fail this run.
describe("the pool reads array types once", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const role = `types_probe_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("hex");

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await db.sql.unsafe(`create role ${role} login password '${password}'`);
    await db.sql.unsafe(`grant select, insert on generations to ${role}`);
  });
  afterAll(async () => {
    await db.drop();
    await db.sql.unsafe(`drop role if exists ${role}`).catch(() => undefined);
  });

  it("opens new connections without reading them again, and arrays still round-trip", async () => {
    const url = new URL(db.url);
    url.username = role;
    url.password = password;
    const pool = createDatabase(url.toString(), { max: 3, applicationName: "types-probe" });
    try {
      const urls = ["https://k/a.png", "https://k/b.png"];
      const [row] = await pool.sql<{ resultUrls: string[] }[]>`select ${urls}::text[] as "resultUrls"`;
      expect(row?.resultUrls).toEqual(urls);
      await expect.poll(() => pool.sql.options.fetch_types, { timeout: 10_000 }).toBe(false);

      await db.sql.unsafe(`revoke select on pg_catalog.pg_type from public`);
      // Three at once: the pool opens its other connections now, after the revoke.
      const results = await Promise.all([1, 2, 3].map((n) => pool.sql<{ n: number }[]>`select ${n}::int as n, pg_sleep(0.05)`));
      expect(results.map(([r]) => r?.n)).toEqual([1, 2, 3]);
      const [again] = await pool.sql<{ resultUrls: string[] }[]>`select ${urls}::text[] as "resultUrls"`;
      expect(again?.resultUrls).toEqual(urls);
      const [{ connections }] = (await db.sql`select count(*)::int as connections from pg_stat_activity
        where application_name = 'types-probe'`) as unknown as [{ connections: number }];
      expect(connections).toBe(3);
    } finally {
      await pool.close();
    }
  });
});
