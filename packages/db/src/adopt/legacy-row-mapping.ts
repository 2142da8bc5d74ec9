import type { TableColumn } from "./legacy-table";

/** KIE keeps a task's media for 14 days (KIE fact sheet); a provider link older than that is dead. */
export const PROVIDER_LINK_DAYS = 14;

/** Where a public URL of the bucket `generations` keeps the object path, on Supabase and on our local route. */
const BUCKET_URL_PATH = String.raw`/storage/v1/object/(?:public|sign|authenticated)/generations/([^?#]+)`;

export interface MappingOptions {
  /** Public base of our bucket's URLs, e.g. `https://x.supabase.co/storage/v1/object/public` (no trailing slash). */
  publicBaseUrl: string;
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The SELECT that maps every old-site row (alias `l` of `source`) to what it becomes here, plus the facts the plan
 * groups by. The dry run aggregates over it and the apply writes it, so both tell the same story. It reads only
 * the columns the table has: live databases of the old site differ (fact sheet: its migrations cannot be trusted).
 *
 * Output columns: id, old_status, old_type, source ('bucket' | 'kie' | 'link' | 'none'), original_task, task_rows, task_keeper,
 * and the new values: status, type, model, kie_family, prompt, aspect_ratio, task_id, result_urls, asset_path,
 * asset_url, media_status, media_error, error_code, error_message, hidden_reason, created_at, updated_at,
 * completed_at.
 */
export function legacyRowMappingSql(source: string, columns: TableColumn[], options: MappingOptions): string {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const text = (name: string) => (byName.has(name) ? `nullif(btrim(l.${ident(name)}::text), '')` : "null::text");
  const raw = (name: string, type: string) => (byName.has(name) ? `l.${ident(name)}` : `null::${type}`);

  /** A link list column as text[] in its own order: jsonb (array, string, or objects with `url`), text[] or text. */
  const links = (name: string) => {
    const column = byName.get(name);
    if (!column) return "array[]::text[]";
    const ref = `l.${ident(name)}`;
    if (column.type === "jsonb" || column.type === "json") {
      const value = `${ref}::jsonb`;
      return `array(select coalesce(case jsonb_typeof(e) when 'string' then e #>> '{}' end, e ->> 'url')
        from jsonb_array_elements(case jsonb_typeof(${value}) when 'array' then ${value} when 'string' then jsonb_build_array(${value}) else '[]'::jsonb end)
        with ordinality as t(e, ord) order by ord)`;
    }
    if (column.type.endsWith("[]")) return `coalesce(${ref}::text[], array[]::text[])`;
    return `array_remove(array[${text(name)}], null)`;
  };

  const bucketPathOf = (url: string) => `substring(${url} from ${literal(BUCKET_URL_PATH)})`;
  const base = literal(options.publicBaseUrl.replace(/\/+$/, ""));
  const isSuccess = (status: string) => `${status} in ('success', 'completed')`;
  const retention = `interval '${PROVIDER_LINK_DAYS} days'`;

  return `
with src as (
  select
    l.id,
    l.user_id,
    coalesce(l.status::text, '(null)') as old_status,
    coalesce(l.type::text, '(null)') as old_type,
    lower(coalesce(${text("status")}, 'pending')) as status_word,
    lower(coalesce(${text("type")}, '')) as type_word,
    lower(coalesce(${text("kind")}, '')) as kind_word,
    ${text("task_id")} as task,
    lower(coalesce(${text("provider")}, 'kie')) as provider,
    coalesce(${text("model_id")}, ${text("model_key")}, ${text("model_name")}, 'unknown') as model,
    coalesce(l.prompt::text, '') as prompt,
    ${text("aspect_ratio")} as aspect_ratio,
    ${text("error")} as old_error,
    ${text("asset_url")} as old_asset_url,
    ${text("thumbnail_url")} as old_thumbnail_url,
    regexp_replace(regexp_replace(coalesce(${text("original_path")}, ''), '^/+', ''), '^generations/', '') as original_path,
    ${links("result_urls")} || ${links("results")} || array_remove(array[${text("asset_url")}], null) as all_links,
    coalesce(${raw("created_at", "timestamptz")}, ${raw("updated_at", "timestamptz")}, ${raw("completed_at", "timestamptz")}, now()) as created_at,
    ${raw("updated_at", "timestamptz")} as updated_raw,
    ${raw("completed_at", "timestamptz")} as completed_at
  from ${source} l
),
located as (
  select s.*,
    -- An object counts as ours only in its owner's folder: a path may never point a row at someone else's file.
    (select p from unnest(array[
        nullif(s.original_path, ''),
        ${bucketPathOf("s.old_asset_url")},
        case when ${bucketPathOf("s.old_thumbnail_url")} !~ '/(previews|posters)/' then ${bucketPathOf("s.old_thumbnail_url")} end
      ]) with ordinality as t(p, ord)
      where p is not null and split_part(p, '/', 1) = s.user_id::text and p !~ '(^|/)\\.\\.?(/|$)'
      order by ord limit 1) as bucket_path,
    array(select u from unnest(s.all_links) with ordinality as t(u, ord)
      where u ~* '^https?://' and u !~ ${literal(BUCKET_URL_PATH)}
      group by u order by min(ord)) as links,
    case
      when s.status_word in ('pending', 'queued') then 'queued'
      when s.status_word in ('processing', 'generating') then 'generating'
      when s.status_word in ('success', 'completed', 'failed') then s.status_word
      when s.status_word in ('cancelled', 'canceled') then 'cancelled'
      else 'unknown'
    end as base_status,
    case
      when s.type_word in ('photo', 'image', 'product') then 'photo'
      when s.type_word in ('video', 'audio') then s.type_word
      when s.kind_word = 'video' then 'video'
      else 'photo'
    end as new_type
  from src s
),
classified as (
  select c.*,
    case
      when c.bucket_path is not null then 'bucket'
      when c.task is not null and c.provider = 'kie' then 'kie'
      when cardinality(c.links) > 0 then 'link'
      else 'none'
    end as source
  from located c
),
ranked as (
  select c.*,
    count(*) over task_window as task_rows,
    first_value(c.id) over task_window as task_keeper,
    row_number() over task_window as task_rank
  from classified c
  window task_window as (
    partition by c.task
    order by (c.source = 'bucket') desc, (${isSuccess("c.base_status")}) desc, c.created_at desc, c.id
    rows between unbounded preceding and unbounded following)
),
decided as (
  select r.*,
    r.task is not null and r.task_rank > 1 as duplicate,
    r.task is not null and r.task_rank > 1 and r.source <> 'bucket' as duplicate_hidden,
    case
      when r.task is not null and r.task_rank > 1 and r.source <> 'bucket' then 'duplicate'
      when r.base_status in ('cancelled', 'unknown', 'failed') then r.base_status
      when ${isSuccess("r.base_status")} and r.source = 'none' then 'no_copy'
      when ${isSuccess("r.base_status")} and r.source = 'link' and r.created_at < now() - ${retention} then 'no_copy'
      when r.base_status in ('queued', 'generating') and r.source = 'bucket' then 'finished_in_bucket'
      when r.base_status in ('queued', 'generating') and (r.source <> 'kie' or (r.task is not null and r.task_rank > 1)) then 'stalled'
      else 'as_is'
    end as verdict
  from ranked r
)
select
  d.id,
  d.old_status,
  d.old_type,
  d.source,
  d.task as original_task,
  case when d.task is null then 1 else d.task_rows end::int as task_rows,
  case when d.task is null then null else d.task_keeper end as task_keeper,
  d.duplicate,
  d.verdict,
  case d.verdict
    when 'duplicate' then 'failed' when 'failed' then 'failed' when 'cancelled' then 'failed' when 'unknown' then 'failed'
    when 'stalled' then 'failed' when 'no_copy' then 'expired' when 'finished_in_bucket' then 'success'
    else d.base_status
  end as status,
  d.new_type as type,
  d.model,
  case
    when d.model ~* '^veo' then 'veo'
    when d.model ~* 'runway' then 'runway'
    when d.model ~* '(^|[^a-z0-9])(4o|gpt-?image)' then 'gpt4o'
    when d.model ~* 'flux-kontext' then 'flux'
    else 'market'
  end as kie_family,
  d.prompt,
  d.aspect_ratio,
  case when d.duplicate then null else d.task end as task_id,
  nullif(d.links, array[]::text[]) as result_urls,
  d.bucket_path as asset_path,
  case when d.bucket_path is not null then ${base} || '/generations/' || d.bucket_path end as asset_url,
  case
    when d.verdict = 'no_copy' then 'expired'
    when d.bucket_path is not null and d.verdict in ('as_is', 'finished_in_bucket') then 'pending'
    else 'none'
  end as media_status,
  case
    when d.verdict = 'no_copy' then 'The old site kept no copy of this file that can still be fetched'
    when d.verdict in ('as_is', 'finished_in_bucket') and ${isSuccess("d.base_status")} then d.old_error
  end as media_error,
  case d.verdict
    when 'duplicate' then 'legacy_duplicate_task' when 'failed' then 'legacy_failed' when 'cancelled' then 'legacy_cancelled'
    when 'unknown' then 'legacy_status' when 'stalled' then 'legacy_status' when 'no_copy' then 'legacy_no_copy'
  end as error_code,
  case d.verdict
    when 'duplicate' then 'Same KIE task as generation ' || d.task_keeper::text
    -- The old site's own words only: the code's sentence says the rest, in the reader's language.
    when 'failed' then d.old_error
    when 'cancelled' then d.old_error
    when 'unknown' then 'Unknown status on the old site: ' || d.old_status
    when 'stalled' then 'Unfinished on the old site (' || d.old_status || ') with no KIE task to ask'
    when 'no_copy' then coalesce('Only a provider link was kept, and it has expired: ' || d.links[1], 'The old site kept neither a file nor a KIE task')
  end as error_message,
  case when d.new_type = 'audio' then 'audio' when d.duplicate_hidden then 'duplicate_task' end as hidden_reason,
  d.created_at,
  coalesce(d.updated_raw, d.created_at) as updated_at,
  d.completed_at
from decided d`;
}
