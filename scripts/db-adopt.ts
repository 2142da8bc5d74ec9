import path from "node:path";

import { canConnect, resolveDatabaseUrl } from "@lensroom/db";
import { applyAdoption, buildAdoptionPlan, formatPlan, formatResult, inspectGenerationsTable } from "@lensroom/db/adopt";
import { createDatabase } from "@lensroom/db/client";
import { startEmbeddedPostgres } from "@lensroom/db/embedded";
import { migrateDatabase } from "@lensroom/db/migrate";
import { storageConfigFromEnv } from "@lensroom/api/env";
import { publicBaseUrlOf } from "@lensroom/storage";

import { loadEnvFile } from "./lib/load-env-file";
import { ROOT_DIR } from "./lib/repo-paths";

// `pnpm db:adopt [--apply] [--json]`: take over an existing LensRoom site's database. Without --apply it prints the
// plan and changes nothing; with it, it does the plan in one transaction, then runs the ordinary migrations.
const args = new Set(process.argv.slice(2).filter((arg) => arg !== "--"));
const unknown = [...args].filter((arg) => !["--apply", "--json"].includes(arg));
if (unknown.length > 0) {
  console.error(`Unknown option ${unknown.join(", ")}. Usage: pnpm db:adopt [--apply] [--json]`);
  process.exit(2);
}
const apply = args.has("--apply");
const json = args.has("--json");

loadEnvFile(path.join(ROOT_DIR, ".env"));

const target = resolveDatabaseUrl(process.env);
const embedded =
  target.embedded && !(await canConnect(target.url))
    ? await startEmbeddedPostgres({ dataDir: path.join(ROOT_DIR, ".data", "postgres"), port: target.port })
    : null;
const { sql, close } = createDatabase(target.url, { max: 2, applicationName: "lensroom-adopt" });
let exitCode = 0;
try {
  const options = { publicBaseUrl: publicBaseUrlOf(storageConfigFromEnv(process.env)) };
  if (!apply) {
    const plan = await buildAdoptionPlan(sql, options);
    if (json) console.log(JSON.stringify(plan, null, 2));
    else {
      console.log(formatPlan(plan));
      if (plan.kind !== "nothing") console.log("\nDry run: nothing was changed. `pnpm db:adopt --apply` does all of the above in one transaction.");
    }
    if (plan.blockers.length > 0) exitCode = 1;
  } else {
    const before = await inspectGenerationsTable(sql);
    const result = await applyAdoption(sql, options);
    if (json) console.log(JSON.stringify(result, null, 2));
    else {
      if (result.kind !== "nothing") console.log(formatPlan(result.plan), "\n");
      console.log(formatResult(result));
    }
    if (before.kind !== "absent") {
      await migrateDatabase(target.url, { log: (line) => (json ? undefined : console.log(line)) });
      if (!json) console.log("Migrations applied: `pnpm dev` and `pnpm db:migrate` work on this database now.");
    }
    if (!json && result.kind !== "nothing") {
      console.log('Next: start the system; the sweep heals adopted rows, or staff run "Re-sync missing" in the admin (docs/deploy.md).');
    }
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  exitCode = 1;
} finally {
  await close();
  await embedded?.stop();
}
process.exit(exitCode);
