import postgres, { type Sql } from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { applyAdoption, buildAdoptionPlan, ExistingSiteError, formatPlan } from "../src/adopt";
import { migrateDatabase } from "../src/migrate";
import { createEmptyTestDatabase, createTestDatabase } from "../src/testing";
import { legacyScenario } from "../src/testing-legacy-scenario";
import { addLegacyChecks, insertLegacyRows, installLegacySite } from "../src/testing-legacy-site";

const USER_A = "0d2c3f8e-1b6a-4c1e-9a4b-6f3e2d1c0b9a";
const USER_B = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const OPTIONS = { publicBaseUrl: "http://localhost:3000/storage/v1/object/public" };
const scenario = legacyScenario({ userA: USER_A, userB: USER_B, tasks: { photo: "kie-photo", video: "kie-video", photo2: "kie-photo-2" } });

/** Everything an adoption could change, as comparable text: rows, columns, indexes, policies, grants. */
async function fingerprint(sql: Sql) {
  const [rows] = await sql<{ v: string }[]>`select coalesce(md5(string_agg(to_jsonb(t)::text, ',' order by id)), '') as v from public.generations t`;
  const catalog = await sql<{ v: string }[]>`
    select 'col ' || attname || ' ' || format_type(atttypid, atttypmod) || ' ' || attnotnull as v from pg_attribute
      where attrelid = 'public.generations'::regclass and attnum > 0 and not attisdropped
    union all select 'idx ' || indexdef from pg_indexes where schemaname = 'public'
    union all select 'pol ' || schemaname || '.' || tablename || ' ' || policyname from pg_policies
    union all select 'grant ' || grantee || ' ' || privilege_type from information_schema.role_table_grants where table_name = 'generations'
    union all select 'schema ' || nspname from pg_namespace
    union all select 'table ' || schemaname || '.' || tablename from pg_tables
    order by 1`;
  return { rows: rows?.v, catalog: catalog.map((r) => r.v) };
}

describe("adopting the old site's database", () => {
  let empty: Awaited<ReturnType<typeof createEmptyTestDatabase>>;
  let sql: Sql;
  let original: Map<string, Record<string, unknown>>;

  beforeAll(async () => {
    empty = await createEmptyTestDatabase(inject("pgAdminUrl"));
    sql = postgres(empty.url, { max: 2, onnotice: () => undefined });
    await installLegacySite(sql, { supabase: true });
    await insertLegacyRows(
      sql,
      scenario.map((s) => s.row),
    );
    await addLegacyChecks(sql);
    await sql`insert into public.generation_runs (generation_id, step) select id, 'render' from public.generations`;
    await sql`insert into public.telegram_favorites (telegram_user_id, generation_id) select 42, id from public.generations limit 5`;
    const rows = await sql<{ id: string; row: Record<string, unknown> }[]>`select id, to_jsonb(t) as row from public.generations t`;
    original = new Map(rows.map((r) => [r.id, r.row]));
  });
  afterAll(async () => {
    await sql?.end();
    await empty?.drop();
  });

  it("refuses to migrate it, names what it found and the command, and changes nothing", async () => {
    const before = await fingerprint(sql);
    const error = await migrateDatabase(empty.url, { log: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExistingSiteError);
    expect((error as Error).message).toContain(`the old LensRoom site's generations table (public.generations, ${scenario.length} rows)`);
    expect((error as Error).message).toContain("pnpm db:adopt");
    expect(await fingerprint(sql)).toEqual(before);
  });

  it("plans without changing anything, and the plan covers statuses, duplicates, media, hidden rows, columns and access", async () => {
    const before = await fingerprint(sql);
    const plan = await buildAdoptionPlan(sql, OPTIONS);
    expect(await fingerprint(sql)).toEqual(before);

    expect(plan.kind).toBe("legacy");
    expect(plan.rows).toBe(scenario.length);
    const text = formatPlan(plan);
    for (const status of ["pending", "processing", "completed", "cancelled", "success", "failed", "generating"]) expect(text).toContain(status);
    expect(plan.duplicates).toMatchObject({ taskIds: 2, rows: 4 });
    expect(plan.duplicates.sample.map((d) => d.taskId).sort()).toEqual(["kie-photo-2", "old-task-shared-1"]);
    const bySource = (source: string) => plan.groups.filter((g) => g.source === source).reduce((n, g) => n + g.rows, 0);
    for (const source of ["bucket", "kie", "none"] as const) {
      expect(bySource(source), source).toBe(scenario.filter((s) => s.expect.adopted.source === source).length);
    }
    expect(plan.groups.filter((g) => g.hiddenReason === "audio").reduce((n, g) => n + g.rows, 0)).toBe(1);
    expect(plan.columns?.converted.map((c) => c.name).sort()).toEqual(["result_urls", "status", "type"]);
    expect(plan.columns?.moved.map((m) => m.from)).toEqual(expect.arrayContaining(["model_id", "model_name", "error", "original_path"]));
    expect(plan.columns?.unused).toEqual(expect.arrayContaining(["credits_used", "is_favorite", "metadata", "kind", "provider"]));
    expect(plan.columns?.relaxed.sort()).toEqual(["model_id", "model_name"]);
    expect(plan.policies.map((p) => p.name).sort()).toEqual([
      "Anyone can view public generations",
      "Public can view generation files",
      "Service can manage all generation files",
      "Service can update all generations",
      "Users can delete own generations",
      "Users can insert own generations",
      "Users can update own generations",
      "Users can view own generations",
    ]);
    expect(plan.grants.find((g) => g.grantee === "authenticated")?.privileges).toEqual(expect.arrayContaining(["UPDATE", "DELETE", "INSERT"]));
    expect(text).toContain('drop policy "Service can update all generations" on public.generations: FOR UPDATE TO public USING (true)');
    expect(text).toMatch(/Summary: 19 rows; 5 in our bucket/);
  });

  it("applies in one transaction: every row, id and old value survives, and each row maps as expected", async () => {
    const result = await applyAdoption(sql, OPTIONS);
    expect(result.kind).toBe("adopted");

    const copy = await sql<{ id: string; row: Record<string, unknown> }[]>`select id, to_jsonb(c) - 'adopted_at' as row from lensroom_legacy.generations c`;
    expect(new Map(copy.map((r) => [r.id, r.row]))).toEqual(original);

    const rows = await sql<Array<Record<string, unknown>>>`select * from public.generations`;
    expect(rows.map((r) => r.id).sort()).toEqual([...original.keys()].sort());
    for (const s of scenario) {
      const row = rows.find((r) => r.id === s.row.id);
      const old = original.get(s.row.id) ?? {};
      expect({ status: row?.status, type: row?.type, errorCode: row?.error_code ?? undefined, hiddenReason: row?.hidden_reason ?? undefined }, s.name).toEqual({
        status: s.expect.adopted.status,
        type: s.expect.adopted.type,
        errorCode: s.expect.adopted.errorCode,
        hiddenReason: s.expect.adopted.hiddenReason,
      });
      // The old site's own columns are on the table as they were.
      for (const column of ["model_id", "model_name", "credits_used", "is_favorite", "provider", "error", "original_path", "audio_url"]) {
        expect(row?.[column] ?? null, `${s.name}: ${column}`).toEqual(old[column] ?? null);
      }
      // asset_url holds only our bucket's copy; provider links are in result_urls.
      const asset = row?.asset_url as string | null;
      if (s.expect.adopted.source === "bucket") expect(asset).toBe(`${OPTIONS.publicBaseUrl}/generations/${row?.asset_path as string}`);
      else expect(asset, s.name).toBeNull();
      for (const url of (row?.result_urls as string[] | null) ?? []) expect(url).not.toContain("/storage/v1/object/");
    }
    const failed = rows.find((r) => r.id === scenario.find((s) => s.name === "failed with its reason")?.row.id);
    expect(failed?.error_message).toBe("Your prompt was flagged by the content policy");
    const linkRow = rows.find((r) => r.id === scenario.find((s) => s.name.startsWith("success with the provider link"))?.row.id);
    expect(linkRow?.result_urls).toEqual(["https://tempfile.aiquickdraw.com/h/asset-is-link.png"]);
    expect(rows.find((r) => r.model === "veo3_fast")?.kie_family).toBe("veo");
  });

  it("keeps every foreign key into the table resolving to the same rows", async () => {
    const [runs] = await sql<{ total: number; joined: number }[]>`
      select count(*)::int as total, count(g.id)::int as joined from public.generation_runs r left join public.generations g on g.id = r.generation_id`;
    expect(runs).toEqual({ total: scenario.length, joined: scenario.length });
    const [favorites] = await sql<
      { n: number }[]
    >`select count(*)::int as n from public.telegram_favorites f join public.generations g on g.id = f.generation_id`;
    expect(favorites?.n).toBe(5);
  });

  it("replaces the over-broad policies and grants, and keeps other buckets' policies", async () => {
    const policies = await sql<{ name: string }[]>`select schemaname || '.' || tablename || ': ' || policyname as name from pg_policies order by 1`;
    expect(policies.map((p) => p.name)).toEqual(["storage.objects: Avatar images are publicly accessible"]);
    const grants = await sql<{ g: string }[]>`
      select grantee || ' ' || privilege_type as g from information_schema.role_table_grants
      where table_schema = 'public' and table_name = 'generations' and grantee in ('anon', 'authenticated') order by 1`;
    expect(grants.map((g) => g.g)).toEqual(["authenticated SELECT"]);
  });

  it("lets migrate run normally afterwards, in today's exact shape, and the runbook's SQL finds the rows to heal", async () => {
    const lines: string[] = [];
    await migrateDatabase(empty.url, { log: (line) => lines.push(line) });
    expect(lines.join("\n")).toContain("applied Supabase policies");
    await migrateDatabase(empty.url, { log: () => undefined });

    const fresh = await createTestDatabase(inject("pgAdminUrl"), inject("pgTemplate"));
    try {
      const shape = async (db: Sql) => {
        const cols = await db<{ v: string }[]>`
          select column_name || ' ' || udt_name || ' ' || is_nullable || ' ' || coalesce(column_default, '') as v
          from information_schema.columns where table_schema = 'public' and table_name = 'generations' order by column_name`;
        const idx = await db<{ v: string }[]>`select indexdef as v from pg_indexes where schemaname = 'public' and tablename = 'generations' order by 1`;
        const enums = await db<{ v: string }[]>`
          select t.typname || ' ' || string_agg(e.enumlabel, ',' order by e.enumsortorder) as v from pg_type t join pg_enum e on e.enumtypid = t.oid group by t.typname order by 1`;
        return { cols: cols.map((r) => r.v), idx: idx.map((r) => r.v), enums: enums.map((r) => r.v) };
      };
      const ours = await shape(fresh.sql);
      const adopted = await shape(sql);
      const oursNames = new Set(ours.cols.map((c) => c.split(" ")[0]));
      expect(adopted.cols.filter((c) => oursNames.has(c.split(" ")[0]))).toEqual(ours.cols);
      expect(adopted.idx).toEqual(ours.idx);
      expect(adopted.enums).toEqual(ours.enums);
    } finally {
      await fresh.drop();
    }

    const missing = await sql.unsafe(
      `SELECT id, task_id, status, asset_url FROM public.generations WHERE status IN ('success','completed') AND asset_url IS NULL AND task_id IS NOT NULL ORDER BY created_at DESC LIMIT 20`,
    );
    expect(missing.map((r) => r.task_id).sort()).toEqual(["kie-photo", "kie-photo-2", "old-task-30-days", "old-task-audio", "old-task-unknown-to-kie"].sort());
  });

  it("a second apply changes nothing", async () => {
    const before = await fingerprint(sql);
    const again = await applyAdoption(sql, OPTIONS);
    expect(again.kind).toBe("nothing");
    expect(await fingerprint(sql)).toEqual(before);
  });

  it("takes in rows an old-site process writes after the adoption, and only those", async () => {
    await sql`insert into public.generations (user_id, type, model_id, model_name, prompt, status, task_id, asset_url)
      values (${USER_A}, 'photo', 'nano-banana', 'Nano Banana', 'written by the old site', 'generating', 'old-writer-task', 'https://tempfile.aiquickdraw.com/h/late.png')`;
    const plan = await buildAdoptionPlan(sql, OPTIONS);
    expect(plan).toMatchObject({ kind: "stragglers", rows: 1 });
    const result = await applyAdoption(sql, OPTIONS);
    expect(result).toMatchObject({ kind: "stragglers", statuses: { generating: 1 } });
    const [row] = await sql`select model, asset_url, result_urls from public.generations where task_id = 'old-writer-task'`;
    expect(row).toEqual({ model: "nano-banana", asset_url: null, result_urls: ["https://tempfile.aiquickdraw.com/h/late.png"] });
    expect((await buildAdoptionPlan(sql, OPTIONS)).kind).toBe("nothing");
    const [copied] = await sql`select status, asset_url from lensroom_legacy.generations where task_id = 'old-writer-task'`;
    expect(copied).toEqual({ status: "generating", asset_url: "https://tempfile.aiquickdraw.com/h/late.png" });
  });
});

describe("adoption is all or nothing", () => {
  it("leaves the old table exactly as it was when any step fails", async () => {
    const empty = await createEmptyTestDatabase(inject("pgAdminUrl"));
    const sql = postgres(empty.url, { max: 2, onnotice: () => undefined });
    try {
      await installLegacySite(sql, { supabase: false });
      await insertLegacyRows(
        sql,
        scenario.map((s) => s.row),
      );
      // A view on the table blocks converting its columns: the plan names it and the apply refuses up front.
      await sql`create view public.recent_generations as select id, status from public.generations`;
      const before = await fingerprint(sql);
      await expect(applyAdoption(sql, OPTIONS)).rejects.toThrow(/view public.recent_generations reads public.generations/);
      expect(await fingerprint(sql)).toEqual(before);
      await sql`drop view public.recent_generations`;
      // A failure late in the apply (creating our indexes, after the copy, the conversion and the row updates).
      await sql
        .unsafe(
          `
        create function public.refuse_index() returns event_trigger language plpgsql as $$ begin raise exception 'index refused'; end $$;
        create event trigger refuse_index on ddl_command_end when tag in ('CREATE INDEX') execute function public.refuse_index();`,
        )
        .simple();
      const beforeFailure = await fingerprint(sql);
      await expect(applyAdoption(sql, OPTIONS)).rejects.toThrow(/index refused/);
      expect(await fingerprint(sql)).toEqual(beforeFailure);
      await sql`drop event trigger refuse_index`;
      expect((await applyAdoption(sql, OPTIONS)).kind).toBe("adopted");
    } finally {
      await sql.end();
      await empty.drop();
    }
  });
});
