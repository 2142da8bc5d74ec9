import { loadCommandEnv } from "./lib/command-env";

// `pnpm worker`: one more worker process against the running system's database (see `loadCommandEnv`); run as many
// as you like.
await loadCommandEnv();
await import("../packages/api/scripts/worker");
