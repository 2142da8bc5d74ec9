import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createEmptyTestDatabase } from "@lensroom/db/testing";
import { startKieSimulator } from "@lensroom/kie-simulator";
import { createLocalStorageDriver } from "@lensroom/storage/local";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";

const apiDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const rootDir = path.resolve(apiDir, "../..");

/** The root's `pnpm run doctor` script (scripts/doctor.ts), as that command runs it. */
function runDoctorCommand(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/doctor.ts", ...args], { cwd: rootDir, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("pnpm doctor", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  let simulator: Awaited<ReturnType<typeof startKieSimulator>>;
  let webhook: Awaited<ReturnType<typeof serveFetchHandler>>;
  let commandEnv: Record<string, string>;

  beforeAll(async () => {
    simulator = await startKieSimulator({ port: 0, apiKey: TEST_SECRETS.KIE_API_KEY });
    let handler: ((r: Request) => Promise<Response>) | null = null;
    webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: simulator.url, publicWebUrl: webhook.url });
    handler = createKieWebhookHandler(async () => env.services);
    commandEnv = {
      ...TEST_SECRETS,
      LENSROOM_MODE: "embedded",
      DATABASE_URL: env.database.url,
      KIE_BASE_URL: simulator.url,
      PUBLIC_WEB_URL: webhook.url,
      // A storage folder where bucket `generations` was never created.
      STORAGE_LOCAL_DIR: `${env.storageDir}-fresh`,
      // Where the command looks for (and, in embedded mode, keeps) local secrets: not the repository's .data.
      LENSROOM_DATA_DIR: `${env.storageDir}-data`,
    };
  });
  afterAll(async () => {
    await rm(commandEnv.STORAGE_LOCAL_DIR ?? "", { recursive: true, force: true });
    await rm(commandEnv.LENSROOM_DATA_DIR ?? "", { recursive: true, force: true });
    await env?.services.close();
    await webhook?.close();
    await simulator?.close();
  });

  it("fails without the bucket, naming the check and its fix, and passes after ensureBucket()", async () => {
    const before = await runDoctorCommand(commandEnv);
    expect(before.output).toMatch(/✗ Bucket generations exists.*Bucket not found/);
    expect(before.output).toMatch(/hint: Run ensureBucket/);
    // The codes the checks return are printed in readable English.
    expect(before.output).toMatch(/✓ Callback URL reachable from this server: http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/kie answered 400\n/);
    expect(before.output).toMatch(/✓ Table generations has every required column: \d+ columns\n/);
    expect(before.code).toBe(1);

    await createLocalStorageDriver({ rootDir: commandEnv.STORAGE_LOCAL_DIR ?? "", publicBaseUrl: "http://127.0.0.1:9" }).ensureBucket();
    const after = await runDoctorCommand(commandEnv);
    expect(after.output).toContain("healthy");
    expect(after.code).toBe(0);
  });

  it("--json prints every check for deploy scripts, with the same exit code", async () => {
    const result = await runDoctorCommand(commandEnv, ["--json"]);
    const parsed = JSON.parse(result.output) as { ok: boolean; checks: Array<{ id: string; ok: boolean; title: string }> };
    expect(parsed.ok).toBe(true);
    expect(parsed.checks.map((c) => c.id)).toEqual(expect.arrayContaining(["columns", "bucket", "policies", "old-writers"]));
    expect(result.code).toBe(0);
    const unreachable = await runDoctorCommand({ ...commandEnv, DATABASE_URL: "postgres://postgres:postgres@127.0.0.1:9/none" }, ["--json"]);
    expect(unreachable.code).toBe(1);
    expect(JSON.parse(unreachable.output)).toMatchObject({ ok: false, error: expect.stringContaining("cannot connect") });
  });

  it("fails when the database cannot be reached", async () => {
    const result = await runDoctorCommand({ ...commandEnv, DATABASE_URL: "postgres://postgres:postgres@127.0.0.1:9/none" });
    expect(result.code).toBe(1);
    expect(result.output).toContain("cannot connect");
  });

  it("fails on a database with nothing in it, naming the cause and the fix", async () => {
    const empty = await createEmptyTestDatabase(inject("pgAdminUrl"));
    try {
      const result = await runDoctorCommand({ ...commandEnv, DATABASE_URL: empty.url });
      expect(result.output).toMatch(
        /✗ Table generations has every required column: There is no table generations: the database is empty or was never migrated\n {2}hint: Run pnpm db:migrate/,
      );
      expect(result.code).toBe(1);
    } finally {
      await empty.drop();
    }
  });

  it("fails at start-up on a Supabase key that is not the service-role key, saying which key to use", async () => {
    const anonJwt = `${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${Buffer.from('{"role":"anon"}').toString("base64url")}.c2lnbmF0dXJl`;
    const supabase = { SUPABASE_URL: "http://127.0.0.1:9", SUPABASE_SERVICE_ROLE_KEY: anonJwt };
    const text = await runDoctorCommand({ ...commandEnv, ...supabase });
    expect(text.output).toMatch(/SUPABASE_SERVICE_ROLE_KEY: wrong key: this is the anon key; use the service_role \(secret\) key/);
    expect(text.code).toBe(1);
    const json = await runDoctorCommand({ ...commandEnv, ...supabase }, ["--json"]);
    expect(JSON.parse(json.output)).toMatchObject({ ok: false, error: expect.stringContaining("wrong key") });
    expect(json.code).toBe(1);
  });
});
