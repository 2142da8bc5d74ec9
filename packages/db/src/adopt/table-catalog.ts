import type { Queryable } from "./legacy-table";

/** What hangs on public.generations besides its columns: what the adoption drops, keeps, or must refuse. */
export interface TableCatalog {
  /** Indexes other than the primary key: dropped and replaced by ours. `constraint` when a constraint owns it. */
  indexes: Array<{ name: string; definition: string; constraint: string | null }>;
  /** CHECK constraints on columns the adoption converts (their old value lists no longer apply). */
  checks: Array<{ name: string; definition: string }>;
  /** Foreign keys of other tables into this one: kept, since every id stays. */
  referencedBy: Array<{ table: string; name: string; definition: string }>;
  /** Foreign keys of this table (to auth.users, studio_threads, ...): kept. */
  references: Array<{ name: string; definition: string }>;
  triggers: string[];
  publications: string[];
  /** Views reading the table: they would block converting its columns, so the apply refuses while they exist. */
  dependentViews: string[];
  rowLevelSecurity: boolean;
}

/** Columns whose type or meaning the adoption changes; constraints on them go. */
const CONVERTED_COLUMNS = [
  "type",
  "status",
  "result_urls",
  "asset_url",
  "preview_url",
  "thumbnail_url",
  "preview_path",
  "task_id",
  "created_at",
  "updated_at",
  "aspect_ratio",
  "prompt",
  "completed_at",
];

export async function readTableCatalog(sql: Queryable): Promise<TableCatalog> {
  const table = "public.generations";
  const indexes = await sql<TableCatalog["indexes"]>`
    select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition, c.conname as constraint
    from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.conrelid = i.indrelid
    where i.indrelid = to_regclass(${table}) and not i.indisprimary
    order by 1`;
  const checks = await sql<TableCatalog["checks"]>`
    select c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    where c.conrelid = to_regclass(${table}) and c.contype = 'c'
      and exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attnum = any(c.conkey) and a.attname = any(${CONVERTED_COLUMNS}))
    order by 1`;
  const referencedBy = await sql<TableCatalog["referencedBy"]>`
    select conrelid::regclass::text as table, conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where confrelid = to_regclass(${table}) and contype = 'f' and conrelid <> confrelid order by 1, 2`;
  const references = await sql<TableCatalog["references"]>`
    select conname as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where conrelid = to_regclass(${table}) and contype = 'f' order by 1`;
  const triggers = await sql<{ name: string }[]>`
    select tgname as name from pg_trigger where tgrelid = to_regclass(${table}) and not tgisinternal order by 1`;
  const publications = await sql<{ name: string }[]>`
    select pubname as name from pg_publication_tables where schemaname = 'public' and tablename = 'generations' order by 1`;
  const views = await sql<{ name: string }[]>`
    select distinct quote_ident(n.nspname) || '.' || quote_ident(v.relname) as name
    from pg_depend d join pg_rewrite r on r.oid = d.objid join pg_class v on v.oid = r.ev_class join pg_namespace n on n.oid = v.relnamespace
    where d.refobjid = to_regclass(${table}) and v.oid <> to_regclass(${table}) order by 1`;
  const [rls] = await sql<{ on: boolean }[]>`select relrowsecurity as on from pg_class where oid = to_regclass(${table})`;
  return {
    indexes: [...indexes],
    checks: [...checks],
    referencedBy: [...referencedBy],
    references: [...references],
    triggers: triggers.map((t) => t.name),
    publications: publications.map((p) => p.name),
    dependentViews: views.map((v) => v.name),
    rowLevelSecurity: rls?.on ?? false,
  };
}
