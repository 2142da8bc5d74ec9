import path from "node:path";

import { canConnect } from "../src/can-connect";
import { resolveDatabaseUrl } from "../src/database-url";
import { startEmbeddedPostgres } from "../src/embedded";
import { migrateDatabase } from "../src/migrate";
import { repoRoot } from "../src/repo-root";

// `pnpm db:migrate`: DATABASE_URL, or the embedded server (reused when `pnpm dev` is running, else started briefly).
const target = resolveDatabaseUrl();
const embedded =
  target.embedded && !(await canConnect(target.url))
    ? await startEmbeddedPostgres({ dataDir: path.join(repoRoot(), ".data", "postgres"), port: target.port })
    : null;
try {
  await migrateDatabase(target.url);
  console.log(`Migrations applied to ${target.url.replace(/:[^:@/]+@/, ":***@")}`);
} finally {
  await embedded?.stop();
}
