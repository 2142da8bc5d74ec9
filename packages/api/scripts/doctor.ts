import { createAppServices } from "../src/app-services";
import { parseServerEnv } from "../src/env";
import { runDoctor } from "../src/services/admin/doctor";
import { formatDoctorCheckEnglish } from "../src/services/admin/doctor-english";

// `pnpm doctor`: the runbook's checks from a shell or a deploy script. Exit code 0 only when every check passes.
async function main() {
  const env = parseServerEnv();
  const services = await createAppServices({ env, poolSize: 2 }).catch((error: unknown) => {
    console.error(`✗ database: cannot connect to ${env.DATABASE_URL.replace(/:[^:@/]+@/, ":***@")} (${String(error)})`);
    console.error("  hint: start the system (pnpm dev) or set DATABASE_URL");
    process.exit(1);
  });
  try {
    const checks = await runDoctor(services);
    for (const check of checks) {
      const { title, detail, hint } = formatDoctorCheckEnglish(check);
      console.log(`${check.ok ? "✓" : "✗"} ${title}: ${detail}`);
      if (hint) console.log(`  hint: ${hint}`);
    }
    const failed = checks.filter((c) => !c.ok).length;
    console.log(failed === 0 ? "healthy" : `${failed} check(s) failed`);
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    await services.close();
  }
}

await main();
