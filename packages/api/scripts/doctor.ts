import { createAppServices } from "../src/app-services";
import { parseServerEnv } from "../src/env";
import { runDoctor } from "../src/services/admin/doctor";
import { formatDoctorCheckEnglish } from "../src/services/admin/doctor-english";

// The doctor's checks from a shell (`pnpm run doctor` at the root, which loads the local env first). Exit code 0
// only when every check passes; `--json` prints `{ ok, checks }` for deploy scripts instead of text.
const json = process.argv.slice(2).includes("--json");

async function main() {
  let env: ReturnType<typeof parseServerEnv>;
  try {
    env = parseServerEnv();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (json) console.log(JSON.stringify({ ok: false, error: message }));
    else console.error(`✗ configuration: ${message}`);
    process.exit(1);
  }
  const services = await createAppServices({ env, poolSize: 2 }).catch((error: unknown) => {
    const message = `cannot connect to ${env.DATABASE_URL.replace(/:[^:@/]+@/, ":***@")} (${String(error)})`;
    if (json) console.log(JSON.stringify({ ok: false, error: `database: ${message}` }));
    else {
      console.error(`✗ database: ${message}`);
      console.error("  hint: start the system (pnpm dev) or set DATABASE_URL");
    }
    process.exit(1);
  });
  try {
    const checks = await runDoctor(services);
    const failed = checks.filter((c) => !c.ok).length;
    process.exitCode = failed === 0 ? 0 : 1;
    if (json) {
      console.log(JSON.stringify({ ok: failed === 0, checks: checks.map((check) => ({ ...check, ...formatDoctorCheckEnglish(check) })) }));
      return;
    }
    for (const check of checks) {
      const { title, detail, hint } = formatDoctorCheckEnglish(check);
      console.log(`${check.ok ? "✓" : "✗"} ${title}: ${detail}`);
      if (hint) console.log(`  hint: ${hint}`);
    }
    console.log(failed === 0 ? "healthy" : `${failed} check(s) failed`);
  } finally {
    await services.close();
  }
}

await main();
