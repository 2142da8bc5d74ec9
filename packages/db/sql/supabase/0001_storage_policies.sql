-- Supabase only: applied by src/supabase-setup.ts after the drizzle migrations where the storage and auth schemas
-- exist, or on the Supabase project's database by `pnpm db:storage-policies --apply` when the app's database is
-- another one. Idempotent: every run drops and recreates these policies in one transaction.
--
-- Bucket `generations`: a signed-in user may upload, overwrite, delete and LIST only under their own folder
-- `{user_id}/...`. There is deliberately NO `FOR SELECT TO public` policy: the bucket is public, so files are served
-- by URL without any policy, while a public SELECT policy would let anyone list every user's files through the API.
-- The server writes with the service role, which bypasses row-level security.

drop policy if exists "lensroom: generations owner select" on storage.objects;
create policy "lensroom: generations owner select" on storage.objects
  for select to authenticated
  using (bucket_id = 'generations' and (storage.foldername(name))[1] = (select auth.uid())::text);

drop policy if exists "lensroom: generations owner insert" on storage.objects;
create policy "lensroom: generations owner insert" on storage.objects
  for insert to authenticated
  with check (bucket_id = 'generations' and (storage.foldername(name))[1] = (select auth.uid())::text);

drop policy if exists "lensroom: generations owner update" on storage.objects;
create policy "lensroom: generations owner update" on storage.objects
  for update to authenticated
  using (bucket_id = 'generations' and (storage.foldername(name))[1] = (select auth.uid())::text)
  with check (bucket_id = 'generations' and (storage.foldername(name))[1] = (select auth.uid())::text);

drop policy if exists "lensroom: generations owner delete" on storage.objects;
create policy "lensroom: generations owner delete" on storage.objects
  for delete to authenticated
  using (bucket_id = 'generations' and (storage.foldername(name))[1] = (select auth.uid())::text);
