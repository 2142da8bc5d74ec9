import path from "node:path";

import { resolveDatabaseUrl } from "../src/database-url";
import { startEmbeddedPostgres } from "../src/embedded";
import { migrateDatabase } from "../src/migrate";
import { repoRoot } from "../src/repo-root";

const target = resolveDatabaseUrl();
const embedded = target.embedded
  ? await startEmbeddedPostgres({ dataDir: path.join(repoRoot(), ".data", "postgres"), port: target.port })
  : null;
try {
  await migrateDatabase(target.url);
  console.log(`Migrations applied to ${target.url.replace(/:[^:@/]+@/, ":***@")}`);
} finally {
  await embedded?.stop();
}
