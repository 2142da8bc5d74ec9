import path from "node:path";

import { loadEnvFile } from "./lib/load-env-file";
import { localEnv } from "./lib/local-env";
import { ROOT_DIR } from "./lib/repo-paths";

// `pnpm run doctor [--json]`: the runbook's checks from a shell or a deploy script (exit 0 only when every check
// passes). In embedded mode it reads the secrets `pnpm dev` generated, so it checks the running system with no env
// set; in production it runs from the environment (and `.env`) alone.
loadEnvFile(path.join(ROOT_DIR, ".env"));
if ((process.env.LENSROOM_MODE ?? "embedded") === "embedded") {
  await localEnv(ROOT_DIR, path.resolve(ROOT_DIR, process.env.LENSROOM_DATA_DIR ?? ".data"));
}
await import("../packages/api/scripts/doctor");
