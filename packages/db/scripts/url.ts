import { resolveDatabaseUrl } from "../src/database-url";

// Prints the connection URL in use, for `psql "$(pnpm -s db:url)"`.
process.stdout.write(`${resolveDatabaseUrl().url}\n`);
