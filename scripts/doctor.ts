import { loadCommandEnv } from "./lib/command-env";

// `pnpm run doctor [--json]`: the runbook's checks from a shell or a deploy script (exit 0 only when every check
// passes), against the running system (see `loadCommandEnv`).
await loadCommandEnv();
await import("../packages/api/scripts/doctor");
