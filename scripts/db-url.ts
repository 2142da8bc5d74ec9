import { resolveDatabaseUrl } from "@lensroom/db";

import { loadEnvFile } from "./lib/load-env-file";
import { ROOT_DIR } from "./lib/repo-paths";
import path from "node:path";

// `pnpm -s db:url`: the connection URL `pnpm dev` uses (DATABASE_URL, else the embedded server), for
// `psql "$(pnpm -s db:url)"`. Reads `.env` like `pnpm dev` does.
loadEnvFile(path.join(ROOT_DIR, ".env"));
process.stdout.write(`${resolveDatabaseUrl(process.env).url}\n`);
