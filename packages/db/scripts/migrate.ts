import path from "node:path";

import { canConnect } from "../src/can-connect";
import { resolveDatabaseUrl, resolveSupabaseStorageTarget } from "../src/database-url";
import { startEmbeddedPostgres } from "../src/embedded";
import { migrateDatabase } from "../src/migrate";
import { repoRoot } from "../src/repo-root";

// `pnpm db:migrate`: DATABASE_URL, or the embedded server (reused when `pnpm dev` is running, else started briefly).
const target = resolveDatabaseUrl();
const supabaseStorage = resolveSupabaseStorageTarget();
const embedded =
  target.embedded && !(await canConnect(target.url))
    ? await startEmbeddedPostgres({ dataDir: path.join(repoRoot(), ".data", "postgres"), port: target.port })
    : null;
let failed = false;
try {
  await migrateDatabase(target.url, { supabaseStorage });
  console.log(`Migrations applied to ${target.url.replace(/:[^:@/]+@/, ":***@")}`);
} catch (error) {
  // A refusal (e.g. the old site's table, see ExistingSiteError) is a sentence for the operator, not a stack.
  console.error(error instanceof Error ? error.message : String(error));
  failed = true;
} finally {
  await embedded?.stop();
}
if (failed) process.exit(1);
