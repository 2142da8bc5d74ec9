import { fileURLToPath } from "node:url";

import { migrate } from "drizzle-orm/postgres-js/migrator";

import { createDatabase } from "./client";

export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

/** Apply every checked-in migration, in order, on one connection. Safe to run on every start. */
export async function migrateDatabase(url: string) {
  const { db, close } = createDatabase(url, { max: 1, applicationName: "lensroom-migrate" });
  try {
    await migrate(db, { migrationsFolder });
  } finally {
    await close();
  }
}
