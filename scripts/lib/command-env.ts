import path from "node:path";

import { loadEnvFile } from "./load-env-file";
import { localEnv } from "./local-env";
import { ROOT_DIR } from "./repo-paths";

/**
 * The environment of a command run beside `pnpm dev` (`pnpm run doctor`, `pnpm worker`): `.env`, and in embedded mode
 * the secrets `pnpm dev` generated, so it reaches the running system with no env set; in production the environment
 * (and `.env`) alone.
 */
export async function loadCommandEnv(): Promise<void> {
  loadEnvFile(path.join(ROOT_DIR, ".env"));
  if ((process.env.LENSROOM_MODE ?? "embedded") === "embedded") {
    await localEnv(ROOT_DIR, path.resolve(ROOT_DIR, process.env.LENSROOM_DATA_DIR ?? ".data"));
  }
}
