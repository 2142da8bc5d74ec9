import type { Sql } from "postgres";

import { installFakeSupabaseSchemas } from "./testing-supabase";

/**
 * The old LensRoom site's database as its fact sheet describes it (shared/legacy-lensroom-v2.md), for adoption
 * tests and the adoption benchmark: its ~51-column `generations` table with the quirks live copies have (a text
 * status whose CHECK the rows break, jsonb `result_urls`, a non-unique task id, `kind` next to `type`, nullable
 * `created_at`, an update trigger), the tables pointing at it, its realtime publication, and on a Supabase-like
 * database its over-broad policies and grants.
 */
export async function installLegacySite(sql: Sql, options: { supabase?: boolean } = {}) {
  if (options.supabase) await installFakeSupabaseSchemas(sql);
  await sql
    .unsafe(
      `
    create schema if not exists auth;
    create table if not exists auth.users (id uuid primary key, email text, raw_user_meta_data jsonb default '{}');
    create table public.studio_threads (id uuid primary key default gen_random_uuid(), user_id uuid not null, title text);
    create table public.generations (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users(id) on delete cascade,
      type text,
      model_id text not null,
      model_name text not null,
      prompt text not null,
      negative_prompt text,
      aspect_ratio text default '1:1',
      variants integer default 1,
      cfg_scale numeric(4,2),
      steps integer,
      duration integer,
      fps integer,
      params jsonb not null default '{}',
      options jsonb,
      model_key text,
      kind text,
      status text default 'pending',
      task_id text,
      provider text default 'kie',
      fal_request_id text,
      result_urls jsonb default '[]',
      results jsonb default '[]',
      asset_url text,
      thumbnail_url text,
      preview_url text,
      original_path text,
      preview_path text,
      poster_path text,
      preview_status text,
      error text,
      credits_used integer default 0,
      charged_stars integer,
      sku varchar(255),
      pricing_version varchar(50),
      duration_sec integer,
      actual_stars_spent integer,
      is_favorite boolean not null default false,
      is_public boolean default false,
      tags text[],
      thread_id uuid references public.studio_threads(id) on delete set null,
      section varchar(50),
      image_url text,
      audio_url text,
      audio_duration double precision,
      resolution varchar(20),
      metadata jsonb,
      billing_error boolean,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      completed_at timestamptz
    );
    create index idx_generations_task_id on public.generations (task_id);
    create index idx_generations_user_id on public.generations (user_id);
    create index idx_generations_user_created on public.generations (user_id, created_at desc);
    create index idx_generations_status on public.generations (status);
    create index idx_generations_success_recent on public.generations (created_at desc) where status = 'success';
    create index idx_generations_result_urls on public.generations using gin (result_urls);
    create index idx_generations_public on public.generations (is_public) where is_public = true;
    create or replace function public.update_updated_at_column() returns trigger language plpgsql as $$
    begin new.updated_at = now(); return new; end $$;
    create trigger update_generations_updated_at before update on public.generations
      for each row execute function public.update_updated_at_column();
    create table public.generation_runs (
      id uuid primary key default gen_random_uuid(),
      generation_id uuid not null references public.generations(id) on delete cascade,
      step text not null,
      created_at timestamptz default now()
    );
    create table public.telegram_favorites (
      id bigserial primary key,
      telegram_user_id bigint not null,
      generation_id uuid references public.generations(id) on delete cascade
    );
    do $$ begin create publication supabase_realtime; exception when duplicate_object then null; end $$;
    alter publication supabase_realtime add table public.generations;
  `,
    )
    .simple();
  if (options.supabase) {
    await sql
      .unsafe(
        `
      alter table public.generations enable row level security;
      create policy "Users can view own generations" on public.generations for select using (auth.uid() = user_id);
      create policy "Users can insert own generations" on public.generations for insert with check (auth.uid() = user_id);
      create policy "Users can update own generations" on public.generations for update using (auth.uid() = user_id);
      create policy "Users can delete own generations" on public.generations for delete using (auth.uid() = user_id);
      create policy "Anyone can view public generations" on public.generations for select using (is_public = true);
      create policy "Service can update all generations" on public.generations for update using (true);
      grant all on public.generations to authenticated;
      grant select on public.generations to anon;
      create policy "Public can view generation files" on storage.objects for select to public using (bucket_id = 'generations');
      create policy "Service can manage all generation files" on storage.objects for all using (bucket_id = 'generations');
      create policy "Avatar images are publicly accessible" on storage.objects for select using (bucket_id = 'avatars');
    `,
      )
      .simple();
  }
}

/**
 * The old site's value checks, added once its rows are in: they do not hold for every row (the old code wrote
 * `audio`, `pending`, `completed`, `cancelled` past them), which is why live copies carry them NOT VALID.
 */
export async function addLegacyChecks(sql: Sql) {
  await sql
    .unsafe(
      `
    alter table public.generations add constraint generations_type_check check (type in ('photo', 'video', 'product')) not valid;
    alter table public.generations add constraint generations_status_check check (status in ('queued', 'generating', 'success', 'failed')) not valid;
    alter table public.generations add constraint generations_kind_check check (kind in ('image', 'video')) not valid;
    alter table public.generations add constraint generations_preview_status_check check (preview_status in ('none', 'processing', 'ready', 'failed')) not valid;
  `,
    )
    .simple();
}

/** One old-site row: any column of its table, by its SQL name. */
export type LegacyRow = Record<string, string | number | boolean | null | string[] | Date | unknown[]> & {
  id: string;
  user_id: string;
  model_id?: string;
};

/** Insert old-site rows (their users first), each with the model names and prompt the old code always wrote. */
export async function insertLegacyRows(sql: Sql, rows: LegacyRow[]) {
  const users = [...new Set(rows.map((r) => r.user_id))];
  for (const id of users) await sql`insert into auth.users (id, email) values (${id}, ${`${id}@telegram.local`}) on conflict do nothing`;
  for (const row of rows) {
    // A row the old site last touched when it was made, unless it says otherwise.
    const full: Record<string, unknown> = {
      model_id: "nano-banana",
      model_name: "Nano Banana",
      prompt: "an old prompt",
      updated_at: row.created_at ?? null,
      ...row,
    };
    for (const key of ["result_urls", "results", "params", "options", "metadata"]) {
      // As text: the server reads it as the column's jsonb (postgres.js sends untyped text).
      if (key in full && full[key] !== null && typeof full[key] !== "string") full[key] = JSON.stringify(full[key]);
    }
    for (const [key, value] of Object.entries(full)) if (value instanceof Date) full[key] = value.toISOString();
    const columns = Object.keys(full);
    await sql`insert into public.generations ${sql(full as Record<string, never>, columns)}`;
  }
}

/**
 * `count` old rows in one statement, shaped like a production snapshot: mostly finished photos and videos, some
 * with a file in the bucket, some with only a (long dead) provider link, a few failed, pending, cancelled, audio,
 * and one task id in 200 held by two rows. For the adoption benchmark.
 */
export async function insertBulkLegacyRows(sql: Sql, count: number, users: string[]) {
  for (const id of users) await sql`insert into auth.users (id, email) values (${id}, ${`${id}@telegram.local`}) on conflict do nothing`;
  await sql`
    insert into public.generations (id, user_id, type, model_id, model_name, prompt, status, task_id, result_urls, asset_url,
      thumbnail_url, original_path, preview_status, error, created_at, updated_at, completed_at)
    select g.id, u.user_id,
      case when i % 25 = 0 then 'audio' when i % 5 = 0 then 'video' when i % 11 = 0 then 'product' else 'photo' end,
      case when i % 5 = 0 then 'veo3_fast' else 'nano-banana' end, 'Model', 'prompt ' || i,
      case when i % 50 = 0 then 'failed' when i % 97 = 0 then 'pending' when i % 89 = 0 then 'cancelled'
           when i % 7 = 0 then 'completed' else 'success' end,
      'task-' || (case when i % 200 = 1 then i - 1 else i end),
      case when i % 3 = 0 then jsonb_build_array('https://tempfile.aiquickdraw.com/r/' || i || '.png') else '[]'::jsonb end,
      case when i % 3 = 1 then 'https://old.supabase.co/storage/v1/object/public/generations/' || u.user_id || '/image/' || g.id || '_1700000000000.png'
           when i % 3 = 0 then 'https://tempfile.aiquickdraw.com/r/' || i || '.png' end,
      null,
      case when i % 3 = 1 then u.user_id || '/image/' || g.id || '_1700000000000.png' end,
      case when i % 4 = 0 then 'failed' end,
      case when i % 50 = 0 then 'Generation failed' when i % 4 = 0 then 'Preview generation failed' end,
      now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval, now() - (i || ' minutes')::interval
    from generate_series(1, ${count}) as i
    cross join lateral (select md5('legacy-row-' || i)::uuid as id) g
    cross join lateral (select (${users}::uuid[])[1 + i % ${users.length}] as user_id) u`;
}
