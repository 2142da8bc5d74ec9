import type { Sql, TransactionSql } from "postgres";

import { isSupabaseDatabase } from "../supabase-setup";
import { existingApiRoles, replaceAccessStatements } from "./access-rules";
import { legacyRowMappingSql, type MappingOptions } from "./legacy-row-mapping";
import { inspectGenerationsTable, readTableColumns, type TableColumn } from "./legacy-table";
import { STRAGGLERS } from "./old-shape-rows";
import { buildAdoptionPlan, type AdoptionPlan } from "./plan";
import { readTableCatalog } from "./table-catalog";
import { targetColumns, targetEnums, targetIndexStatements } from "./target-columns";

const LEGACY_COPY = "lensroom_legacy.generations";
const MAP = "lensroom_adopt_map";
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Columns the mapping writes: their old values are replaced, so a change of type needs no cast of the old value. */
const MAPPED = new Set([
  "status",
  "type",
  "model",
  "kie_family",
  "prompt",
  "aspect_ratio",
  "task_id",
  "result_urls",
  "asset_path",
  "asset_url",
  "media_status",
  "media_error",
  "error_code",
  "error_message",
  "hidden_reason",
  "created_at",
  "updated_at",
  "completed_at",
  "preview_url",
  "thumbnail_url",
  "preview_path",
  "thumbnail_path",
]);

export interface AdoptionResult {
  kind: "adopted" | "stragglers" | "nothing";
  plan: AdoptionPlan;
  /** Rows adopted by this apply, by their new status. */
  statuses: Record<string, number>;
  seconds: number;
}

/** Write the mapped values of every row in the map onto public.generations. */
async function updateFromMap(tx: TransactionSql) {
  const enumOf = new Map(targetColumns().map((c) => [c.name, c.type]));
  await tx.unsafe(`
    update public.generations g set
      status = m.status::${enumOf.get("status")}, type = m.type::${enumOf.get("type")}, model = m.model,
      kie_family = m.kie_family::${enumOf.get("kie_family")}, prompt = m.prompt, aspect_ratio = m.aspect_ratio,
      task_id = m.task_id, result_urls = m.result_urls, asset_path = m.asset_path, asset_url = m.asset_url,
      media_status = m.media_status::${enumOf.get("media_status")}, media_error = m.media_error,
      error_code = m.error_code, error_message = m.error_message, hidden_reason = m.hidden_reason,
      created_at = m.created_at, updated_at = m.updated_at, completed_at = m.completed_at,
      preview_url = null, thumbnail_url = null, preview_path = null, thumbnail_path = null
    from ${MAP} m where g.id = m.id`);
  const rows = await tx.unsafe<{ status: string; n: number }[]>(`select status, count(*)::int as n from ${MAP} group by 1 order by 1`);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function buildMap(tx: TransactionSql, source: string, options: MappingOptions) {
  const copyColumns = (await readTableColumns(tx, LEGACY_COPY)).filter((c) => c.name !== "adopted_at");
  await tx.unsafe(`create temp table ${MAP} on commit drop as ${legacyRowMappingSql(source, copyColumns, options)}`);
}

/** Turn the old table, in place, into ours: same rows, same ids (foreign keys keep pointing at them). */
async function convertTable(tx: TransactionSql, legacy: TableColumn[]) {
  const old = new Map(legacy.map((c) => [c.name, c]));
  const target = targetColumns();
  const targetNames = new Set(target.map((c) => c.name));
  for (const { name, values } of targetEnums()) {
    const list = values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
    await tx.unsafe(`do $$ begin create type public.${q(name)} as enum (${list}); exception when duplicate_object then null; end $$`);
  }
  // The old site's own columns stay as they are; nothing of ours writes them, so none may refuse a missing value.
  for (const column of legacy) {
    if (!targetNames.has(column.name) && column.notNull && !column.hasDefault) {
      await tx.unsafe(`alter table public.generations alter column ${q(column.name)} drop not null`);
    }
  }
  for (const column of target) {
    const existing = old.get(column.name);
    const name = q(column.name);
    if (!existing) {
      await tx.unsafe(`alter table public.generations add column ${name} ${column.type}${column.defaultSql ? ` default ${column.defaultSql}` : ""}`);
      continue;
    }
    if (column.name === "id") continue; // the primary key: every id and every reference to it stays
    if (existing.type !== column.type) {
      const using = MAPPED.has(column.name) ? `null::${column.type}` : `${name}::${column.type}`;
      await tx.unsafe(`alter table public.generations alter column ${name} drop default, alter column ${name} drop not null,
        alter column ${name} type ${column.type} using ${using}`);
    } else if (existing.notNull && !column.notNull) {
      await tx.unsafe(`alter table public.generations alter column ${name} drop not null`);
    }
  }
}

/** Defaults and NOT NULL exactly as ours, once every row holds its mapped values. */
async function finishColumns(tx: TransactionSql) {
  for (const column of targetColumns()) {
    if (column.name === "id") continue;
    const name = q(column.name);
    await tx.unsafe(`alter table public.generations alter column ${name} ${column.defaultSql ? `set default ${column.defaultSql}` : "drop default"}`);
    if (column.notNull) await tx.unsafe(`alter table public.generations alter column ${name} set not null`);
  }
}

/**
 * Old-site processes that still run insert rows with only `model_id` / `model_name`: this fills our `model` from
 * them so the insert lands (in the old shape, where the doctor finds it) instead of failing for the user.
 */
async function acceptOldWriters(tx: TransactionSql, legacy: TableColumn[]) {
  const sources = ["model_id", "model_key", "model_name"].filter((name) => legacy.some((c) => c.name === name));
  if (sources.length === 0) return;
  const pick = sources.map((name) => `nullif(new.${q(name)}::text, '')`).join(", ");
  await tx.unsafe(`
    create or replace function lensroom_legacy.fill_model_of_old_writer() returns trigger language plpgsql as $fn$
    begin
      new.model := coalesce(${pick}, 'unknown');
      return new;
    end $fn$`);
  await tx.unsafe(`drop trigger if exists lensroom_fill_model_of_old_writer on public.generations`);
  await tx.unsafe(`create trigger lensroom_fill_model_of_old_writer before insert on public.generations
    for each row when (new.model is null) execute function lensroom_legacy.fill_model_of_old_writer()`);
}

async function copyLegacyRows(tx: TransactionSql, roles: string[]) {
  await tx.unsafe(`create schema if not exists lensroom_legacy`);
  await tx.unsafe(`revoke all on schema lensroom_legacy from public`);
  for (const role of roles) await tx.unsafe(`revoke all on schema lensroom_legacy from ${q(role)}`);
  await tx.unsafe(`create table ${LEGACY_COPY} as table public.generations`);
  await tx.unsafe(
    `alter table ${LEGACY_COPY} add constraint legacy_generations_pkey primary key (id), add column adopted_at timestamptz not null default now()`,
  );
  await tx.unsafe(
    `comment on table ${LEGACY_COPY} is 'Every row of the old site''s public.generations exactly as it was when adopted (pnpm db:adopt --apply)'`,
  );
  await tx.unsafe(`create table if not exists lensroom_legacy.adoptions (
    id bigserial primary key, adopted_at timestamptz not null default now(), kind text not null, rows integer not null, statuses jsonb not null)`);
}

/** Copy rows written in the old shape since the adoption into the legacy copy, casting our types back to its own. */
async function copyStragglers(tx: TransactionSql) {
  const copy = (await readTableColumns(tx, LEGACY_COPY)).filter((c) => c.name !== "adopted_at");
  const live = new Map((await readTableColumns(tx)).map((c) => [c.name, c]));
  const values = copy.map((column) => {
    const current = live.get(column.name);
    if (!current) return `null::${column.type}`;
    if (current.type === column.type) return `s.${q(column.name)}`;
    if (column.type === "jsonb") return `to_jsonb(s.${q(column.name)})`;
    return `s.${q(column.name)}::text::${column.type}`;
  });
  await tx.unsafe(`insert into ${LEGACY_COPY} (${copy.map((c) => q(c.name)).join(", ")}) select ${values.join(", ")} from ${STRAGGLERS} s`);
}

/**
 * `pnpm db:adopt --apply`: everything the plan says, in one transaction, all or nothing. On the old site's table:
 * a full copy of every old row into `lensroom_legacy.generations`, the over-broad policies and grants replaced, its
 * indexes and value checks replaced by ours, its columns converted in place and every row mapped. On a table
 * adopted before: only the rows old-site processes wrote since then. Otherwise nothing changes.
 */
export async function applyAdoption(sql: Sql, options: MappingOptions): Promise<AdoptionResult> {
  const started = Date.now();
  const plan = await buildAdoptionPlan(sql, options);
  if (plan.blockers.length > 0) throw new Error(`Cannot adopt:\n  ${plan.blockers.join("\n  ")}`);
  if (plan.kind === "nothing") return { kind: "nothing", plan, statuses: {}, seconds: (Date.now() - started) / 1000 };

  const statuses = await sql.begin(async (tx) => {
    await tx`set local lock_timeout = '15s'`;
    if (plan.kind === "stragglers") {
      await tx.unsafe(`lock table public.generations in share row exclusive mode`);
      await copyStragglers(tx);
      // The rows just copied: adopted_at defaults to now(), which is this transaction's start.
      await buildMap(tx, `(select * from ${LEGACY_COPY} c where c.adopted_at = now())`, options);
      const counted = await updateFromMap(tx);
      await tx`insert into lensroom_legacy.adoptions (kind, rows, statuses) values ('stragglers', ${plan.rows}, ${JSON.stringify(counted)}::jsonb)`;
      return counted;
    }

    await tx.unsafe(`lock table public.generations in access exclusive mode`);
    const table = await inspectGenerationsTable(tx);
    if (table.kind !== "legacy") throw new Error(`public.generations changed while adopting (it is now ${table.kind})`);
    const roles = await existingApiRoles(tx);
    const catalog = await readTableCatalog(tx);

    await copyLegacyRows(tx, roles);
    for (const statement of replaceAccessStatements(plan.policies, plan.grants, roles)) await tx.unsafe(statement);
    for (const index of catalog.indexes) {
      await tx.unsafe(index.constraint ? `alter table public.generations drop constraint ${q(index.constraint)}` : `drop index ${index.name}`);
    }
    for (const check of catalog.checks) await tx.unsafe(`alter table public.generations drop constraint ${q(check.name)}`);

    // The old site's update trigger would stamp every row with the adoption time; the rows keep their own times.
    await tx.unsafe(`alter table public.generations disable trigger user`);
    await convertTable(tx, table.columns);
    await buildMap(tx, LEGACY_COPY, options);
    const counted = await updateFromMap(tx);
    await finishColumns(tx);
    await tx.unsafe(`alter table public.generations enable trigger user`);
    for (const statement of targetIndexStatements()) await tx.unsafe(statement);
    await acceptOldWriters(tx, table.columns);
    if (await isSupabaseDatabase(tx)) await tx.unsafe(`alter table public.generations enable row level security`);
    await tx`insert into lensroom_legacy.adoptions (kind, rows, statuses) values ('adopted', ${table.rows}, ${JSON.stringify(counted)}::jsonb)`;
    return counted;
  });
  return { kind: plan.kind === "legacy" ? "adopted" : "stragglers", plan, statuses, seconds: (Date.now() - started) / 1000 };
}
