import type { Queryable } from "./legacy-table";

/** A row-level security policy the adoption drops: it gives more than ours. */
export interface ReplacedPolicy {
  table: "public.generations" | "storage.objects";
  name: string;
  command: string;
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

/** A table privilege of an API role on public.generations beyond what ours allows (SELECT for authenticated). */
export interface ReplacedGrant {
  grantee: string;
  privileges: string[];
}

/** Policies of ours carry this prefix; everything else on the table is the old site's. */
const OURS = "lensroom:%";

/**
 * Every policy on public.generations that is not ours (owners writing their rows, "anyone can view public
 * generations", `FOR UPDATE USING (true)` for every role, ...): ours lets owners read their own rows and nothing else.
 * On storage.objects, the policies that concern the `generations` bucket (or every bucket: `USING (true)`, no
 * condition at all), such as a `public` SELECT that lets anyone list every user's files. Policies of other buckets stay.
 */
export async function findReplacedPolicies(sql: Queryable): Promise<ReplacedPolicy[]> {
  const rows = await sql<Array<Omit<ReplacedPolicy, "table"> & { schema: string }>>`
    select schemaname as schema, policyname as name, cmd as command, roles::text[] as roles, qual as using, with_check as "withCheck"
    from pg_policies
    where policyname not like ${OURS}
      and ((schemaname = 'public' and tablename = 'generations')
        or (schemaname = 'storage' and tablename = 'objects' and (
          coalesce(qual, '') || ' ' || coalesce(with_check, '') like '%generations%'
          or btrim(coalesce(qual, with_check, 'true')) in ('true', '(true)'))))
    order by schemaname desc, policyname`;
  return rows.map(({ schema, ...policy }) => ({ table: schema === "public" ? "public.generations" : "storage.objects", ...policy }));
}

/** Privileges of anon, authenticated and PUBLIC on public.generations beyond authenticated's SELECT. */
export async function findReplacedGrants(sql: Queryable): Promise<ReplacedGrant[]> {
  const rows = await sql<Array<{ grantee: string; privilege: string }>>`
    select grantee, privilege_type as privilege from information_schema.role_table_grants
    where table_schema = 'public' and table_name = 'generations' and grantee in ('anon', 'authenticated', 'PUBLIC')
      and not (grantee = 'authenticated' and privilege_type = 'SELECT')
    order by grantee, privilege_type`;
  const byGrantee = new Map<string, string[]>();
  for (const row of rows) byGrantee.set(row.grantee, [...(byGrantee.get(row.grantee) ?? []), row.privilege]);
  return [...byGrantee].map(([grantee, privileges]) => ({ grantee, privileges }));
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The statements that drop the policies and grants the plan names and leave ours (authenticated may SELECT). */
export function replaceAccessStatements(policies: ReplacedPolicy[], grants: ReplacedGrant[], apiRoles: string[]): string[] {
  const statements = policies.map((p) => `drop policy ${quote(p.name)} on ${p.table === "public.generations" ? "public.generations" : "storage.objects"}`);
  for (const grant of grants) statements.push(`revoke all on public.generations from ${grant.grantee === "PUBLIC" ? "public" : quote(grant.grantee)}`);
  if (apiRoles.includes("authenticated")) statements.push(`grant select on public.generations to authenticated`);
  return statements;
}

/** Which of Supabase's API roles exist here (none on plain Postgres). */
export async function existingApiRoles(sql: Queryable): Promise<string[]> {
  const rows = await sql<{ rolname: string }[]>`select rolname from pg_roles where rolname in ('anon', 'authenticated', 'service_role') order by rolname`;
  return rows.map((r) => r.rolname);
}
