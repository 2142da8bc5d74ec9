import { createDatabase } from "@lensroom/db";

export type Sql = ReturnType<typeof createDatabase>["sql"];

/** Run `fn` with a small pool on the system's database (seeding and inspecting rows), closed afterwards. */
export async function withSql<T>(databaseUrl: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  if (!databaseUrl) throw new Error("no database URL: these tests need the e2e system's database (E2E_DATABASE_URL against a running system)");
  const database = createDatabase(databaseUrl, { max: 2, applicationName: "lensroom-e2e" });
  try {
    return await fn(database.sql);
  } finally {
    await database.close();
  }
}
