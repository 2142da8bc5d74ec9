export { createDatabase, type Database, type DatabaseOptions } from "./client";
export { EMBEDDED_DEFAULTS, embeddedDatabaseUrl, resolveDatabaseUrl, resolveSupabaseStorageTarget } from "./database-url";
export { repoRoot } from "./repo-root";
export { canConnect } from "./can-connect";
export * from "./schema";
export { overBroadPolicies, policyExposure, POLICY_ROWS_SQL, type PolicyRow } from "./policy-exposure";
export { readStoragePoliciesAt } from "./read-storage-policies";
export { IS_SUPABASE_DATABASE_SQL } from "./supabase-detect";
