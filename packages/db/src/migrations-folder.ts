import { fileURLToPath } from "node:url";

/** The checked-in drizzle-kit migrations. */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));
