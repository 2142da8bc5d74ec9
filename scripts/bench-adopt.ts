// `pnpm bench --only adopt`: `db:adopt` on an old-site table of 100,000 rows (--rows N), shaped like the old site's
// production snapshot (shared/legacy-lensroom-v2.md). Times the dry run and the apply (targets: under 30 s and
// under 2 min on this machine) and the migrate that follows.
import { parseArgs } from "node:util";

import { applyAdoption, buildAdoptionPlan, summaryLine } from "@lensroom/db/adopt";
import { createDatabase } from "@lensroom/db/client";
import { migrateDatabase } from "@lensroom/db/migrate";
import { createEmptyTestDatabase, startTestPostgres } from "@lensroom/db/testing";
import { addLegacyChecks, insertBulkLegacyRows, installLegacySite } from "@lensroom/db/testing-legacy-site";

import { printTable, writeResult } from "./bench/report";

const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" } }, strict: false });
const ROWS = Number(values.rows);
const USERS = Array.from({ length: 500 }, (_, i) => `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`);
const OPTIONS = { publicBaseUrl: "http://localhost:3000/storage/v1/object/public" };
const seconds = (since: number) => (performance.now() - since) / 1000;

const pg = await startTestPostgres();
const database = await createEmptyTestDatabase(pg.adminUrl);
const { sql, close } = createDatabase(database.url, { max: 2, applicationName: "lensroom-bench-adopt" });
try {
  let t = performance.now();
  await installLegacySite(sql, { supabase: true });
  await insertBulkLegacyRows(sql, ROWS, USERS);
  await addLegacyChecks(sql);
  await sql`insert into public.generation_runs (generation_id, step) select id, 'render' from public.generations where random() < 0.3`;
  await sql`vacuum analyze public.generations`;
  console.log(`loaded ${ROWS.toLocaleString("en-US")} old-site rows in ${seconds(t).toFixed(1)} s`);

  t = performance.now();
  const plan = await buildAdoptionPlan(sql, OPTIONS);
  const dryRun = seconds(t);
  console.log(summaryLine(plan));

  t = performance.now();
  const result = await applyAdoption(sql, OPTIONS);
  const apply = seconds(t);
  t = performance.now();
  await migrateDatabase(database.url, { log: () => undefined });
  const migrate = seconds(t);
  t = performance.now();
  const again = await applyAdoption(sql, OPTIONS);
  const second = seconds(t);
  const [kept] = await sql<{ n: number }[]>`select count(*)::int as n from public.generations g join lensroom_legacy.generations c using (id)`;

  printTable(
    ["step", "seconds", "target", "met"],
    [
      ["dry run (plan)", dryRun.toFixed(1), "< 30", dryRun < 30 ? "yes" : "NO"],
      ["apply (one transaction)", apply.toFixed(1), "< 120", apply < 120 ? "yes" : "NO"],
      ["migrate after it", migrate.toFixed(1), "", ""],
      [`second apply (${again.kind})`, second.toFixed(1), "", ""],
    ],
  );
  console.log(
    `rows adopted ${result.plan.rows.toLocaleString("en-US")}, kept with their ids ${kept?.n.toLocaleString("en-US")}; statuses ${JSON.stringify(result.statuses)}`,
  );
  await writeResult("adopt", {
    rows: ROWS,
    dryRunSeconds: dryRun,
    applySeconds: apply,
    migrateSeconds: migrate,
    secondApplySeconds: second,
    statuses: result.statuses,
  });
} finally {
  await close();
  await database.drop();
  await pg.teardown();
}
