import type { Sql } from "postgres";

/**
 * The smallest stand-in for what a Supabase database has and our policies rely on: roles anon / authenticated /
 * service_role (BYPASSRLS), `auth.uid()` reading the request's `sub` like Supabase's, `storage.objects` with RLS on,
 * `storage.foldername(text)` as Supabase defines it, and Supabase's default grants to the API roles.
 */
export async function installFakeSupabaseSchemas(sql: Sql) {
  for (const role of ["anon", "authenticated", "service_role"]) {
    await sql.unsafe(`
      do $$ begin
        create role ${role} nologin noinherit${role === "service_role" ? " bypassrls" : ""};
      exception when duplicate_object or unique_violation then null;
      end $$`);
  }
  await sql
    .unsafe(
      `
    create schema if not exists auth;
    create or replace function auth.uid() returns uuid language sql stable as $$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $$;
    create schema if not exists storage;
    create table if not exists storage.objects (
      id uuid primary key default gen_random_uuid(),
      bucket_id text,
      name text,
      owner uuid,
      created_at timestamptz default now()
    );
    alter table storage.objects enable row level security;
    create or replace function storage.foldername(name text) returns text[] language plpgsql immutable as $$
    declare _parts text[];
    begin
      select string_to_array(name, '/') into _parts;
      return _parts[1:array_length(_parts, 1) - 1];
    end $$;
    grant usage on schema auth, storage, public to anon, authenticated, service_role;
    grant all on storage.objects to anon, authenticated, service_role;
    grant execute on function auth.uid(), storage.foldername(text) to anon, authenticated, service_role;
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
  `,
    )
    .simple();
}

/** Supabase's default privileges on tables that already exist (as if they had been created after the grant). */
export async function grantApiRolesOnPublicTables(sql: Sql) {
  await sql.unsafe(`grant all on all tables in schema public to anon, authenticated, service_role`);
}
