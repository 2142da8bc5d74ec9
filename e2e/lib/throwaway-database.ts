import { createTestDatabase, startTestPostgres } from "@lensroom/db/testing";

/** A fresh migrated database on the server behind `DATABASE_URL`, dropped afterwards. */
export async function throwawayDatabase(databaseUrl: string) {
  const server = await startTestPostgres({ DATABASE_URL: databaseUrl });
  const database = await createTestDatabase(server.adminUrl, server.template);
  await database.close();
  return {
    url: database.url,
    async drop() {
      await database.drop();
      await server.teardown();
    },
  };
}
