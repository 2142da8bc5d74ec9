import { randomBytes } from "node:crypto";

import postgres, { type Sql, type TransactionSql } from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { migrateDatabase, STORAGE_POLICIES_ELSEWHERE_LINE } from "../src/migrate";
import { NotSupabaseDatabaseError } from "../src/storage-policies";
import { overBroadPolicies, policyExposure, POLICY_ROWS_SQL, type PolicyRow } from "../src/policy-exposure";
import { applySupabaseSetup, SUPABASE_SKIPPED_LINE } from "../src/supabase-setup";
import { createTestDatabase } from "../src/testing";
import { grantApiRolesOnPublicTables, installFakeSupabaseSchemas } from "../src/testing-supabase";

const USER_A = "0d2c3f8e-1b6a-4c1e-9a4b-6f3e2d1c0b9a";
const USER_B = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const ROLLBACK = new Error("rollback");

/** Run `fn` as an API role with the given `sub` (like PostgREST/Storage do), then roll everything back. */
async function as<T>(sql: Sql, role: "anon" | "authenticated" | "service_role", sub: string | null, fn: (tx: TransactionSql) => Promise<T>) {
  let result: T | undefined;
  await sql
    .begin(async (tx) => {
      await tx.unsafe(`set local role ${role}`);
      await tx`select set_config('request.jwt.claim.sub', ${sub ?? ""}, true)`;
      result = await fn(tx);
      throw ROLLBACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  return result as T;
}

const denied = { code: "42501" }; // new row violates row-level security policy

describe("Supabase setup on a database with storage and auth schemas", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const lines: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await installFakeSupabaseSchemas(db.sql);
    await grantApiRolesOnPublicTables(db.sql);
    const result = await applySupabaseSetup(db.sql, { log: (line) => lines.push(line) });
    expect(result).toMatchObject({ applied: true, files: ["0001_storage_policies.sql", "0002_row_level_security.sql"] });
    await db.sql`
      insert into storage.objects (bucket_id, name) values
        ('generations', ${`${USER_A}/g1/original.png`}), ('generations', ${`${USER_A}/g1/thumb.webp`}),
        ('generations', ${`${USER_B}/g2/original.png`}), ('avatars', ${`${USER_A}/me.png`})`;
    await db.sql`
      insert into generations (user_id, type, model, prompt, status) values
        (${USER_A}, 'photo', 'm', 'a cat', 'success'), (${USER_B}, 'photo', 'm', 'a dog', 'queued')`;
  });
  afterAll(async () => db?.drop());

  it("logs what it applied", () => {
    expect(lines).toEqual(["applied Supabase policies: 0001_storage_policies.sql, 0002_row_level_security.sql"]);
  });

  it("lets a user list only their own folder of the generations bucket", async () => {
    const names = await as(db.sql, "authenticated", USER_A, (tx) => tx`select name from storage.objects order by name`);
    expect(names.map((r) => r.name)).toEqual([`${USER_A}/g1/original.png`, `${USER_A}/g1/thumb.webp`]);
    expect(await as(db.sql, "anon", null, (tx) => tx`select name from storage.objects`)).toHaveLength(0);
  });

  it("ships no SELECT policy for public or anon on storage.objects", async () => {
    const rows = await db.sql`
      select policyname, roles::text[] as roles, cmd from pg_policies where schemaname = 'storage' and tablename = 'objects'`;
    expect(rows.length).toBe(4);
    for (const row of rows) expect(row.roles).toEqual(["authenticated"]);
  });

  it("lets a user upload only under their own folder of the generations bucket", async () => {
    await as(db.sql, "authenticated", USER_A, (tx) => tx`insert into storage.objects (bucket_id, name) values ('generations', ${`${USER_A}/g3/original.png`})`);
    for (const [bucket, name] of [
      ["generations", `${USER_B}/g3/original.png`],
      ["generations", "original.png"],
      ["generations", `x/${USER_A}/original.png`],
      ["avatars", `${USER_A}/g3/original.png`],
    ] as const) {
      await expect(
        as(db.sql, "authenticated", USER_A, (tx) => tx`insert into storage.objects (bucket_id, name) values (${bucket}, ${name})`),
      ).rejects.toMatchObject(denied);
    }
    await expect(
      as(db.sql, "anon", null, (tx) => tx`insert into storage.objects (bucket_id, name) values ('generations', ${`${USER_A}/x.png`})`),
    ).rejects.toMatchObject(denied);
  });

  it("lets a user update and delete only their own objects, and not move them into another folder", async () => {
    const own = `${USER_A}/g1/original.png`;
    const other = `${USER_B}/g2/original.png`;
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`update storage.objects set owner = ${USER_A} where name = ${own}`)).count).toBe(1);
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`update storage.objects set owner = ${USER_A} where name = ${other}`)).count).toBe(0);
    await expect(
      as(db.sql, "authenticated", USER_A, (tx) => tx`update storage.objects set name = ${`${USER_B}/stolen.png`} where name = ${own}`),
    ).rejects.toMatchObject(denied);
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`delete from storage.objects where name = ${other}`)).count).toBe(0);
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`delete from storage.objects where name = ${own}`)).count).toBe(1);
    expect((await as(db.sql, "anon", null, (tx) => tx`delete from storage.objects`)).count).toBe(0);
  });

  it("lets a user select only their own generations and write none", async () => {
    const rows = await as(db.sql, "authenticated", USER_A, (tx) => tx`select user_id, prompt from generations`);
    expect(rows.map((r) => r.prompt)).toEqual(["a cat"]);
    expect(await as(db.sql, "anon", null, (tx) => tx`select id from generations`)).toHaveLength(0);
    await expect(
      as(db.sql, "authenticated", USER_A, (tx) => tx`insert into generations (user_id, type, model, prompt) values (${USER_A}, 'photo', 'm', 'mine')`),
    ).rejects.toMatchObject(denied);
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`update generations set status = 'success'`)).count).toBe(0);
    expect((await as(db.sql, "authenticated", USER_A, (tx) => tx`delete from generations`)).count).toBe(0);
    expect((await db.sql`select count(*)::int as n from generations where status = 'success'`)[0]?.n).toBe(1);
  });

  it("lets the service role read and write everything (it bypasses RLS)", async () => {
    expect(await as(db.sql, "service_role", null, (tx) => tx`select id from generations`)).toHaveLength(2);
    expect(await as(db.sql, "service_role", null, (tx) => tx`select id from storage.objects`)).toHaveLength(4);
    await as(db.sql, "service_role", null, (tx) => tx`insert into generations (user_id, type, model, prompt) values (${USER_B}, 'photo', 'm', 'server')`);
  });

  it("turns RLS on for every table in public, webhook deliveries included", async () => {
    const tables = await db.sql`select relname, relrowsecurity from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r'`;
    expect(tables.map((t) => t.relname)).toEqual(expect.arrayContaining(["generations", "webhook_deliveries"]));
    for (const table of tables) expect(table.relrowsecurity, String(table.relname)).toBe(true);
    expect(await as(db.sql, "authenticated", USER_A, (tx) => tx`select id from webhook_deliveries`)).toHaveLength(0);
  });

  it("is idempotent, and warns about the old runbook's public listing policy", async () => {
    await db.sql.unsafe(`create policy "Public read generations" on storage.objects for select to public using (bucket_id = 'generations')`);
    const again: string[] = [];
    const result = await applySupabaseSetup(db.sql, { log: (line) => again.push(line) });
    expect(result).toMatchObject({ applied: true, overBroadPolicies: ["Public read generations"] });
    expect(again[1]).toContain('"Public read generations"');
    await db.sql.unsafe(`drop policy "Public read generations" on storage.objects`);
    const policies = await db.sql`select count(*)::int as n from pg_policies where policyname like 'lensroom:%'`;
    expect(policies[0]?.n).toBe(5);
  });
});

describe("policy checks by meaning", () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    await installFakeSupabaseSchemas(db.sql);
    await applySupabaseSetup(db.sql, { log: () => undefined });
  });
  afterAll(async () => db?.drop());

  it("flags every policy that lists, writes or updates beyond the owner's folder or rows, however it is written", async () => {
    const exposing = {
      "anon lists the bucket": `on storage.objects for select to anon using (bucket_id = 'generations')`,
      "every role, every bucket": `on storage.objects for all to public using (true)`,
      "any signed-in user uploads anywhere": `on storage.objects for insert to authenticated with check (bucket_id = 'generations')`,
      "no condition at all": `on storage.objects for delete to authenticated using (null is null and bucket_id = 'generations')`,
      "anyone updates any row": `on public.generations for update using (true)`,
      "anon reads shared rows": `on public.generations for select to anon using (hidden_reason is null)`,
    };
    const fine = {
      "another bucket": `on storage.objects for select using (bucket_id = 'avatars')`,
      "owner's folder, written otherwise": `on storage.objects for update to public using (bucket_id = 'generations' and auth.uid()::text = (storage.foldername(name))[1])`,
      "server only": `on storage.objects for all to service_role using (true)`,
    };
    for (const [name, rest] of Object.entries({ ...exposing, ...fine })) await db.sql.unsafe(`create policy "${name}" ${rest}`);
    const rows = await db.sql.unsafe<PolicyRow[]>(POLICY_ROWS_SQL);
    const flagged = overBroadPolicies(rows)
      .map((p) => p.name)
      .sort();
    expect(flagged).toEqual(Object.keys(exposing).sort());
    // Ours pass the same check.
    expect(rows.filter((r) => r.name.startsWith("lensroom:")).map(policyExposure)).toEqual(rows.filter((r) => r.name.startsWith("lensroom:")).map(() => null));
    const lines: string[] = [];
    await applySupabaseSetup(db.sql, { log: (line) => lines.push(line) });
    expect(lines.filter((l) => l.startsWith("WARNING")).length).toBe(Object.keys(exposing).length);
  });
});

describe("Supabase setup inside migrateDatabase", () => {
  const adminUrl = () => inject("pgAdminUrl");
  const withDatabase = (name: string) => Object.assign(new URL(adminUrl()), { pathname: `/${name}` }).toString();

  async function withEmptyDatabase(fn: (url: string, sql: Sql) => Promise<void>) {
    const name = `lensroom_supa_${randomBytes(5).toString("hex")}`;
    const admin = postgres(adminUrl(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    const sql = postgres(withDatabase(name), { max: 1, onnotice: () => undefined });
    try {
      await fn(withDatabase(name), sql);
    } finally {
      await sql.end();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }

  it("skips the step on plain Postgres with exactly one log line", async () => {
    await withEmptyDatabase(async (url, sql) => {
      const lines: string[] = [];
      await migrateDatabase(url, { log: (line) => lines.push(line) });
      expect(lines).toEqual([SUPABASE_SKIPPED_LINE]);
      const rls = await sql`select relrowsecurity from pg_class where oid = 'public.generations'::regclass`;
      expect(rls[0]?.relrowsecurity).toBe(false);
    });
  });

  it("applies the policies after the drizzle migrations on a Supabase-shaped database, twice without harm", async () => {
    await withEmptyDatabase(async (url, sql) => {
      await installFakeSupabaseSchemas(sql);
      const lines: string[] = [];
      await migrateDatabase(url, { log: (line) => lines.push(line) });
      await migrateDatabase(url, { log: (line) => lines.push(line) });
      expect(lines).toHaveLength(2);
      expect(lines.every((line) => line.startsWith("applied Supabase policies:"))).toBe(true);
      const rows = await as(sql, "authenticated", USER_A, (tx) => tx`select count(*)::int as n from generations`);
      expect(rows[0]?.n).toBe(0);
    });
  });

  it("with Supabase Storage and another database, says where the policies must go, and installs them there given SUPABASE_DB_URL", async () => {
    await withEmptyDatabase(async (appUrl) => {
      const lines: string[] = [];
      await migrateDatabase(appUrl, { log: (line) => lines.push(line), supabaseStorage: {} });
      expect(lines).toEqual([SUPABASE_SKIPPED_LINE, STORAGE_POLICIES_ELSEWHERE_LINE]);

      await withEmptyDatabase(async (projectUrl, project) => {
        // SUPABASE_DB_URL naming a database that is not a Supabase project's is refused in words.
        await expect(migrateDatabase(appUrl, { log: () => undefined, supabaseStorage: { policiesDatabaseUrl: projectUrl } })).rejects.toBeInstanceOf(
          NotSupabaseDatabaseError,
        );
        await installFakeSupabaseSchemas(project);
        const again: string[] = [];
        await migrateDatabase(appUrl, { log: (line) => again.push(line), supabaseStorage: { policiesDatabaseUrl: projectUrl } });
        expect(again).toEqual([SUPABASE_SKIPPED_LINE, "applied the bucket's storage policies on the Supabase project's database (SUPABASE_DB_URL)"]);
        const policies = await project<{ name: string }[]>`select policyname as name from pg_policies where schemaname = 'storage' order by 1`;
        expect(policies.map((p) => p.name)).toEqual([
          "lensroom: generations owner delete",
          "lensroom: generations owner insert",
          "lensroom: generations owner select",
          "lensroom: generations owner update",
        ]);
        // The policies hold there: a user writes in their own folder only.
        const own = await as(
          project,
          "authenticated",
          USER_A,
          (tx) => tx`insert into storage.objects (bucket_id, name) values ('generations', ${`${USER_A}/a.png`}) returning name`,
        );
        expect(own).toHaveLength(1);
        await expect(
          as(project, "authenticated", USER_A, (tx) => tx`insert into storage.objects (bucket_id, name) values ('generations', ${`${USER_B}/a.png`})`),
        ).rejects.toMatchObject(denied);
      });
    });
  });
});
