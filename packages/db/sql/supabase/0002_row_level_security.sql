-- Supabase only (see 0001). Supabase exposes the `public` schema through its Data API with the anon key, and its
-- default privileges grant anon/authenticated access to new tables, so every table of ours gets row-level security.
-- Our server connects as the table owner (or the service role), which RLS does not restrict.

-- generations: a signed-in user reads only their own rows; no insert/update/delete policies, so writes happen only
-- through the server.
alter table public.generations enable row level security;
drop policy if exists "lensroom: generations owner select" on public.generations;
create policy "lensroom: generations owner select" on public.generations
  for select to authenticated
  using (user_id = (select auth.uid()));

-- Every other table (webhook_deliveries with raw callback headers and bodies, bulk runs, ...) is server-only: RLS on,
-- no policies. supabase-setup.ts enables RLS on every table of src/schema.ts after this file, so new tables are covered.
