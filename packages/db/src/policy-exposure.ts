/** A row of `pg_policies`, as the checks read it. */
export interface PolicyRow {
  schema: string;
  table: string;
  name: string;
  command: string;
  roles: string[];
  using: string | null;
  withCheck: string | null;
}

/** The catalog query both the migrate warning and the doctor run (policies on our bucket's objects and our table). */
export const POLICY_ROWS_SQL = `select schemaname as schema, tablename as "table", policyname as name, cmd as command,
  roles::text[] as roles, qual as using, with_check as "withCheck"
  from pg_policies
  where (schemaname = 'storage' and tablename = 'objects') or (schemaname = 'public' and tablename = 'generations')
  order by schemaname, tablename, policyname`;

const TRUE = /^\(*\s*true\s*\)*$/i;
/** An expression that limits rows to the signed-in user's own (their folder, their `owner`, their `user_id`). */
const OWNER_BOUND = /auth\.uid\(\)/i;

/**
 * Why a policy gives more than "owners only", judged by what it says (roles, command, condition), not by how many
 * there are or what they are called: null when it is fine. A policy only for `service_role` is fine (that role
 * bypasses row-level security anyway). On `storage.objects` only policies that can reach bucket `generations`
 * count: ones naming it, and ones with no condition or `true` (they reach every bucket). Every other policy must
 * hold its rows to their owner in each of its conditions; a public or anon one never may read or write by itself.
 */
export function policyExposure(policy: PolicyRow): string | null {
  if (policy.roles.length > 0 && policy.roles.every((role) => role === "service_role")) return null;
  const conditions = [policy.using, policy.withCheck].filter((c): c is string => c !== null && c.trim() !== "");
  if (policy.schema === "storage") {
    const reachesOurs = conditions.length === 0 || conditions.some((c) => c.includes("generations") || TRUE.test(c));
    if (!reachesOurs) return null;
  }
  const everyone = policy.roles.some((role) => role === "public" || role === "anon");
  const what = `${policy.command} for ${policy.roles.join(", ")}`;
  if (conditions.length === 0 || conditions.some((c) => TRUE.test(c))) return `${what} with no condition: every row of every user`;
  if (!conditions.every((c) => OWNER_BOUND.test(c))) {
    return `${what} not limited to the owner's ${policy.schema === "storage" ? "folder" : "rows"}${everyone ? " (anyone, signed in or not)" : ""}`;
  }
  return null;
}

/** The policies that expose more than the owner's own objects or rows, each with why. */
export function overBroadPolicies(rows: readonly PolicyRow[]): Array<PolicyRow & { why: string }> {
  return rows.flatMap((row) => {
    const why = policyExposure(row);
    return why ? [{ ...row, why }] : [];
  });
}
