import type { Sql } from "postgres";

import { existingApiRoles, findReplacedGrants, findReplacedPolicies, type ReplacedGrant, type ReplacedPolicy } from "./access-rules";
import { legacyRowMappingSql, type MappingOptions } from "./legacy-row-mapping";
import { STRAGGLERS } from "./old-shape-rows";
import { inspectGenerationsTable, type TableColumn } from "./legacy-table";
import { readTableCatalog, type TableCatalog } from "./table-catalog";
import { targetColumns } from "./target-columns";

/** One group of rows that share their old status and type and what they become. */
export interface RowGroup {
  oldStatus: string;
  oldType: string;
  status: string;
  type: string;
  /** Where the media comes from: our bucket, KIE, a provider link without a KIE task, or nowhere. */
  source: "bucket" | "kie" | "link" | "none";
  errorCode: string | null;
  hiddenReason: string | null;
  rows: number;
}

interface DuplicateTask {
  taskId: string;
  rows: number;
  keeper: string;
  /** Each other row and the state it ends in. */
  others: Array<{ id: string; status: string; hidden: boolean }>;
}

interface ColumnPlan {
  kept: string[];
  converted: Array<{ name: string; from: string; to: string }>;
  /** Old columns whose values move into ours: `model_id → model`, `error → error_message / media_error`, ... */
  moved: Array<{ from: string; to: string }>;
  /** Ours whose old values are rebuilt from the media (the originals stay in the legacy copy). */
  rebuilt: string[];
  added: string[];
  /** The old site's own columns: kept on the table, as they are (NOT NULL dropped where nothing fills them). */
  unused: string[];
  relaxed: string[];
}

export interface AdoptionPlan {
  kind: "legacy" | "stragglers" | "nothing";
  rows: number;
  groups: RowGroup[];
  duplicates: { taskIds: number; rows: number; sample: DuplicateTask[] };
  columns: ColumnPlan | null;
  policies: ReplacedPolicy[];
  grants: ReplacedGrant[];
  catalog: TableCatalog | null;
  /** Why the apply would refuse (e.g. views on the table). */
  blockers: string[];
}

/** Old columns whose values move into ours (the ones the mapping reads besides the shared names). */
const MOVED: Array<{ from: string; to: string }> = [
  { from: "model_id", to: "model" },
  { from: "model_key", to: "model (when model_id is empty)" },
  { from: "model_name", to: "model (when model_id and model_key are empty)" },
  { from: "error", to: "error_code + error_message (failures), media_error (finished rows)" },
  { from: "original_path", to: "asset_path (the object in our bucket)" },
  { from: "asset_url", to: "asset_path when it is our bucket's URL, else result_urls (a provider link)" },
  { from: "results", to: "result_urls" },
  { from: "kind", to: "type (when type is empty)" },
  { from: "provider", to: "whether KIE is asked (only provider kie)" },
];
const REBUILT = ["asset_url", "preview_url", "thumbnail_url", "preview_path"];

function planColumns(legacy: TableColumn[]): ColumnPlan {
  const target = new Map(targetColumns().map((c) => [c.name, c]));
  const old = new Map(legacy.map((c) => [c.name, c]));
  const shared = legacy.filter((c) => target.has(c.name));
  return {
    kept: shared.filter((c) => c.type === target.get(c.name)?.type && !REBUILT.includes(c.name)).map((c) => c.name),
    converted: shared.filter((c) => c.type !== target.get(c.name)?.type).map((c) => ({ name: c.name, from: c.type, to: target.get(c.name)?.type ?? "?" })),
    moved: MOVED.filter((m) => old.has(m.from)),
    rebuilt: REBUILT.filter((name) => old.has(name)),
    added: [...target.keys()].filter((name) => !old.has(name)),
    unused: legacy.filter((c) => !target.has(c.name)).map((c) => c.name),
    relaxed: legacy.filter((c) => !target.has(c.name) && c.notNull && !c.hasDefault).map((c) => c.name),
  };
}

const DUPLICATE_SAMPLE = 20;

/** Group the mapped rows of `source` (a table or a parenthesised subquery aliased by the caller's text). */
async function mappedRowGroups(sql: Sql, source: string, columns: TableColumn[], options: MappingOptions) {
  const mapping = legacyRowMappingSql(source, columns, options);
  const groups = await sql.unsafe<Array<RowGroup & { rows: number }>>(`
    with m as (${mapping})
    select old_status as "oldStatus", old_type as "oldType", status, type, source, error_code as "errorCode",
      hidden_reason as "hiddenReason", count(*)::int as rows
    from m group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 5`);
  const [counted] = await sql.unsafe<Array<{ taskIds: number; rows: number }>>(`
    with m as (${mapping}) select count(distinct original_task)::int as "taskIds", count(*)::int as rows from m where task_rows > 1`);
  const sample = await sql.unsafe<DuplicateTask[]>(`
    with m as (${mapping})
    select original_task as "taskId", count(*)::int as rows, (array_agg(task_keeper))[1]::text as keeper,
      coalesce(jsonb_agg(jsonb_build_object('id', id, 'status', status, 'hidden', hidden_reason is not null) order by created_at desc)
        filter (where id <> task_keeper), '[]') as others
    from m where task_rows > 1 group by original_task order by count(*) desc, original_task limit ${DUPLICATE_SAMPLE}`);
  return {
    groups: [...groups],
    duplicates: { taskIds: counted?.taskIds ?? 0, rows: counted?.rows ?? 0, sample: [...sample] },
  };
}
async function hasLegacyCopy(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ ok: boolean }[]>`select to_regclass('lensroom_legacy.generations') is not null as ok`;
  return row?.ok === true;
}

/** Count rows written in the old shape since the adoption (0 when the table has no old model column). */
export async function countStragglers(sql: Sql, columns: TableColumn[]): Promise<number> {
  if (!columns.some((c) => c.name === "model_id") || !(await hasLegacyCopy(sql))) return 0;
  const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${STRAGGLERS} s`);
  return row?.n ?? 0;
}

/** The dry run: every fact the apply acts on, read without changing anything. */
export async function buildAdoptionPlan(sql: Sql, options: MappingOptions): Promise<AdoptionPlan> {
  const table = await inspectGenerationsTable(sql);
  const empty = { groups: [], duplicates: { taskIds: 0, rows: 0, sample: [] } };
  if (table.kind === "absent") return { kind: "nothing", rows: 0, ...empty, columns: null, policies: [], grants: [], catalog: null, blockers: [] };
  if (table.kind === "foreign") {
    return {
      kind: "nothing",
      rows: table.rows,
      ...empty,
      columns: null,
      policies: [],
      grants: [],
      catalog: null,
      blockers: ["public.generations is neither ours nor the old site's"],
    };
  }
  if (table.kind === "ours") {
    const stragglers = await countStragglers(sql, table.columns);
    if (stragglers === 0) return { kind: "nothing", rows: 0, ...empty, columns: null, policies: [], grants: [], catalog: null, blockers: [] };
    const mapped = await mappedRowGroups(sql, `${STRAGGLERS}`, table.columns, options);
    return { kind: "stragglers", rows: stragglers, ...mapped, columns: null, policies: [], grants: [], catalog: null, blockers: [] };
  }
  const catalog = await readTableCatalog(sql);
  const mapped = await mappedRowGroups(sql, "public.generations", table.columns, options);
  const roles = await existingApiRoles(sql);
  return {
    kind: "legacy",
    rows: table.rows,
    ...mapped,
    columns: planColumns(table.columns),
    policies: await findReplacedPolicies(sql),
    grants: roles.length > 0 ? await findReplacedGrants(sql) : [],
    catalog,
    blockers: catalog.dependentViews.map((view) => `view ${view} reads public.generations: drop it (and recreate it after) before adopting`),
  };
}
