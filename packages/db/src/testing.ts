import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";

import postgres from "postgres";

import { createDatabase } from "./client";
import { startEmbeddedPostgres } from "./embedded";
import { migrateDatabase } from "./migrate";
import { repoRoot } from "./repo-root";
import "./vitest-context";

export const TEMPLATE_DATABASE = "lensroom_test_template";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function withDatabase(url: string, database: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * For a vitest globalSetup: a throwaway real PostgreSQL (or the server behind `DATABASE_URL`) holding a migrated
 * template database. Returns the admin URL (to create per-file databases from the template) and a teardown.
 */
export async function startTestPostgres(env: Record<string, string | undefined> = process.env) {
  let adminUrl: string;
  let stopServer: () => Promise<void> = async () => undefined;
  if (env.DATABASE_URL) {
    adminUrl = env.DATABASE_URL;
  } else {
    const dataDir = path.join(repoRoot(), ".data", "test-postgres", `${process.pid}-${randomBytes(3).toString("hex")}`);
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true, database: "postgres" });
    adminUrl = server.url;
    stopServer = () => server.stop();
  }
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const template = `${TEMPLATE_DATABASE}_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${template}`);
  await migrateDatabase(withDatabase(adminUrl, template));
  await admin.end();
  return {
    adminUrl,
    template,
    async teardown() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists ${template} with (force)`).catch(() => undefined);
      await sql.end();
      await stopServer();
    },
  };
}

/** A pool on a test database, and how to drop it. */
function openTestDatabase(adminUrl: string, name: string) {
  const url = withDatabase(adminUrl, name);
  const handle = createDatabase(url, { max: 5, applicationName: "lensroom-test" });
  return {
    ...handle,
    url,
    name,
    /** Empty every application table (keeps the schema and migrations). */
    async reset() {
      await handle.sql`truncate table bulk_run_items, bulk_runs, webhook_deliveries, webhook_rejection_counts, webhook_rejection_samples, generations restart identity cascade`;
    },
    async drop() {
      await handle.close();
      const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export type TestDatabase = ReturnType<typeof openTestDatabase>;

/** A fresh migrated database for one test file, copied from the template in milliseconds. */
export async function createTestDatabase(adminUrl: string, template: string): Promise<TestDatabase> {
  const name = `lensroom_test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name} template ${template}`);
  await admin.end();
  return openTestDatabase(adminUrl, name);
}

/** A fresh database with nothing of ours in it (e.g. to build the old site's database in). */
export async function createEmptyTestDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `lensroom_empty_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return openTestDatabase(adminUrl, name);
}
