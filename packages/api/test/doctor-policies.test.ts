import { applyStoragePoliciesAt } from "@lensroom/db/storage-policies";
import { applySupabaseSetup } from "@lensroom/db/supabase-setup";
import { installFakeSupabaseSchemas } from "@lensroom/db/testing-supabase";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { formatDoctorCheckEnglish } from "../src/services/admin/doctor-english";
import { checkBucket, checkStoragePolicies } from "../src/services/admin/doctor-storage-checks";
import { createSupabaseStorageDriver } from "@lensroom/storage";

import { createTestServices } from "../src/testing";
// The storage package's stand-in for a real Supabase Storage server (its replies follow the real server's source).
import { startFakeSupabaseStorage } from "../../storage/test/fake-supabase-storage";
import { fakeSupabaseKey } from "../../storage/test/helpers";

// The doctor judges storage policies by what they allow, not by how many there are: a database with all of ours
// and one over-broad extra fails, and names it.
describe("doctor: storage policies by meaning", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const check = () => checkStoragePolicies({ db: env.services.db, storage: { ...env.services.storage, kind: "supabase" }, env: {} });

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
    await installFakeSupabaseSchemas(env.services.sql);
    await applySupabaseSetup(env.services.sql, { log: () => undefined });
  });
  afterAll(async () => env?.services.close());

  it("passes with ours alone", async () => {
    expect(await check()).toEqual({ ok: true, findings: [{ code: "policies_ok", params: { count: 4 } }] });
  });

  it.each([
    ["anon select", `for select to anon using (bucket_id = 'generations')`],
    ["public all true", `for all to public using (true)`],
    ["authenticated insert anywhere", `for insert to authenticated with check (bucket_id = 'generations')`],
  ])("fails on %s, naming it", async (name, rest) => {
    await env.services.sql.unsafe(`create policy "${name}" on storage.objects ${rest}`);
    try {
      const verdict = await check();
      expect(verdict.ok).toBe(false);
      expect(verdict.findings).toEqual([{ code: "policies_over_broad", params: { policies: expect.stringContaining(`"${name}"`) } }]);
    } finally {
      await env.services.sql.unsafe(`drop policy "${name}" on storage.objects`);
    }
  });

  it("fails when an owner policy for a write is missing", async () => {
    await env.services.sql.unsafe(`drop policy "lensroom: generations owner delete" on storage.objects`);
    expect(await check()).toEqual({ ok: false, findings: [{ code: "policies_missing", params: { commands: "DELETE" } }] });
  });
});

// Supabase Storage with another database (the embedded one, or any Postgres): the policies live in the Supabase
// project's database, which the doctor reads through SUPABASE_DB_URL, and says so when it cannot.
describe("doctor: storage policies in mixed modes", () => {
  let app: Awaited<ReturnType<typeof createTestServices>>;
  let project: Awaited<ReturnType<typeof createTestServices>>;
  const check = (SUPABASE_DB_URL?: string) =>
    checkStoragePolicies({ db: app.services.db, storage: { ...app.services.storage, kind: "supabase" }, env: { SUPABASE_DB_URL } });

  beforeAll(async () => {
    const options = { adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" };
    [app, project] = await Promise.all([createTestServices(options), createTestServices(options)]);
  });
  afterAll(async () => Promise.all([app?.services.close(), project?.services.close()]));

  it("without SUPABASE_DB_URL, fails saying the policies cannot be seen from this database, with its own fix", async () => {
    const verdict = await check();
    expect(verdict).toEqual({ ok: false, findings: [{ code: "policies_elsewhere", params: {} }] });
    const english = formatDoctorCheckEnglish({ id: "policies", ...verdict });
    expect(english.hint).toContain("pnpm db:storage-policies --apply");
    expect(english.hint).not.toContain("db:migrate");
  });

  it("with SUPABASE_DB_URL naming a plain database, says it is not a Supabase project's", async () => {
    expect(await check(project.database.url)).toEqual({ ok: false, findings: [{ code: "policies_db_not_supabase", params: {} }] });
  });

  it("reads the project's policies there: missing before pnpm db:storage-policies --apply, in order after, over-broad named", async () => {
    await installFakeSupabaseSchemas(project.services.sql);
    expect(await check(project.database.url)).toEqual({ ok: false, findings: [{ code: "policies_missing", params: { commands: "INSERT/UPDATE/DELETE" } }] });
    await applyStoragePoliciesAt(project.database.url);
    expect(await check(project.database.url)).toEqual({ ok: true, findings: [{ code: "policies_ok", params: { count: 4 } }] });
    await project.services.sql.unsafe(`create policy "anyone lists" on storage.objects for select to anon using (true)`);
    const verdict = await check(project.database.url);
    expect(verdict.ok).toBe(false);
    expect(verdict.findings).toEqual([{ code: "policies_over_broad", params: { policies: expect.stringContaining(`"anyone lists"`) } }]);
  });
});

describe("doctor: the storage key is checked for what it is", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const jwt = (role: string) =>
    `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "supabase", role })).toString("base64url")}.c2lnbmF0dXJl`;
  const withKey = (serviceRoleKey: string) =>
    checkBucket({
      storage: env.services.storage,
      env: { ...env.services.env, storage: { driver: "supabase", url: "https://project.supabase.example", serviceRoleKey } },
    });

  beforeAll(async () => {
    env = await createTestServices({ adminUrl: inject("pgAdminUrl"), template: inject("pgTemplate"), kieBaseUrl: "http://127.0.0.1:9" });
  });
  afterAll(async () => env?.services.close());

  it.each([
    ["the anon JWT", jwt("anon"), "anon"],
    ["a publishable key", "sb_publishable_0123456789abcdef", "publishable"],
    ["garbage", "not-a-key-at-all-0123456789", "other"],
    ["a JWT of another role", jwt("authenticated"), "other"],
  ] as const)("names %s as the wrong key, not as a missing bucket", async (_name, key, kind) => {
    expect(await withKey(key)).toEqual({ ok: false, findings: [{ code: "bucket_wrong_key", params: { kind } }] });
  });

  it.each([
    ["the service-role JWT", jwt("service_role")],
    ["an sb_secret_ key", "sb_secret_0123456789abcdef"],
  ])("accepts %s and goes on to the bucket", async (_name, key) => {
    const verdict = await withKey(key);
    expect(verdict.findings.map((f) => f.code)).not.toContain("bucket_wrong_key");
  });

  it("names a key the Supabase server refuses (another project's service-role key) as the wrong key, not a missing bucket", async () => {
    const fake = await startFakeSupabaseStorage();
    try {
      const otherProjects = `${fakeSupabaseKey("service_role").split(".").slice(0, 2).join(".")}.b3RoZXItcHJvamVjdA`;
      const storage = createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: otherProjects });
      const verdict = await checkBucket({
        storage,
        env: { ...env.services.env, storage: { driver: "supabase", url: fake.url, serviceRoleKey: otherProjects } },
      });
      expect(verdict).toEqual({ ok: false, findings: [{ code: "bucket_wrong_key", params: { kind: "rejected" } }] });
      expect(formatDoctorCheckEnglish({ id: "bucket", ...verdict }).hint).toMatch(/service_role \(secret\) key/);
      // With the right key the same server's missing bucket is reported as missing.
      const right = createSupabaseStorageDriver({ url: fake.url, serviceRoleKey: fake.serviceRoleKey });
      const missing = await checkBucket({
        storage: right,
        env: { ...env.services.env, storage: { driver: "supabase", url: fake.url, serviceRoleKey: fake.serviceRoleKey } },
      });
      expect(missing).toEqual({ ok: false, findings: [{ code: "bucket_missing", params: {} }] });
    } finally {
      await fake.close();
    }
  });
});
