import type { Sql, TransactionSql } from "postgres";

/** A pool or an open transaction: the reads below run in either. */
export type Queryable = Sql | TransactionSql;

/** A column of `public.generations` as the catalog describes it. */
export interface TableColumn {
  name: string;
  /** `format_type` spelling: `text`, `jsonb`, `text[]`, `timestamp with time zone`, `generation_status`, ... */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
}

/**
 * What `public.generations` is: missing, ours (it has the columns only this system writes), the old LensRoom
 * site's (recognised by its columns, never by a migration history: its migrations differ between live databases),
 * or a table of some other shape that nothing here may touch.
 */
export type GenerationsTable =
  | { kind: "absent" }
  | { kind: "ours"; columns: TableColumn[] }
  | { kind: "legacy"; columns: TableColumn[]; rows: number }
  | { kind: "foreign"; columns: TableColumn[]; rows: number };

/** Columns that only this system's table has. */
const OUR_MARKERS = ["kie_family", "media_status"];
/** Columns every old-site table has, whatever its migration history did to the rest. */
const LEGACY_REQUIRED = ["id", "user_id", "type", "status", "prompt", "task_id", "created_at"];
/** At least one of these: the old site's model and result columns. */
const LEGACY_ANY = ["model_id", "model_name", "result_urls", "asset_url"];

/** The columns of a table (`public.generations` unless told), in their order. */
export async function readTableColumns(sql: Queryable, table = "public.generations"): Promise<TableColumn[]> {
  return sql<TableColumn[]>`
    select a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as "notNull", a.atthasdef as "hasDefault"
    from pg_attribute a
    where a.attrelid = to_regclass(${table}) and a.attnum > 0 and not a.attisdropped
    order by a.attnum`;
}

export async function inspectGenerationsTable(sql: Queryable): Promise<GenerationsTable> {
  const [exists] = await sql<{ ok: boolean }[]>`select to_regclass('public.generations') is not null as ok`;
  if (!exists?.ok) return { kind: "absent" };
  const columns = await readTableColumns(sql);
  const names = new Set(columns.map((c) => c.name));
  if (OUR_MARKERS.every((name) => names.has(name))) return { kind: "ours", columns };
  const [count] = await sql<{ n: number }[]>`select count(*)::int as n from public.generations`;
  const rows = count?.n ?? 0;
  const legacy = LEGACY_REQUIRED.every((name) => names.has(name)) && LEGACY_ANY.some((name) => names.has(name));
  return legacy ? { kind: "legacy", columns, rows } : { kind: "foreign", columns, rows };
}

/** Thrown by migrate and start-up when the database holds a generations table this system did not create. */
export class ExistingSiteError extends Error {
  constructor(readonly table: Extract<GenerationsTable, { kind: "legacy" | "foreign" }>) {
    super(
      table.kind === "legacy"
        ? `This database already holds the old LensRoom site's generations table (public.generations, ${table.rows.toLocaleString("en-US")} rows). ` +
            "Nothing was changed. To move it onto this system, run `pnpm db:adopt` to see the plan, then `pnpm db:adopt --apply` " +
            '(docs/deploy.md, "Moving from an existing site").'
        : `This database already holds a table public.generations (${table.rows.toLocaleString("en-US")} rows) that is neither ours nor the old ` +
            `LensRoom site's (its columns: ${table.columns.map((c) => c.name).join(", ")}). Nothing was changed; point DATABASE_URL at another database.`,
    );
    this.name = "ExistingSiteError";
  }
}

/** Stops with `ExistingSiteError` unless `public.generations` is absent or ours. */
export async function assertGenerationsTableIsOurs(sql: Sql): Promise<void> {
  const table = await inspectGenerationsTable(sql);
  if (table.kind === "legacy" || table.kind === "foreign") throw new ExistingSiteError(table);
}
