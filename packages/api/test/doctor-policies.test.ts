import { applySupabaseSetup } from "@lensroom/db/supabase-setup";
import { installFakeSupabaseSchemas } from "@lensroom/db/testing-supabase";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

import { checkBucket, checkStoragePolicies } from "../src/services/admin/doctor-storage-checks";
import { createTestServices } from "../src/testing";

// The doctor judges storage policies by what they allow, not by how many there are: a database with all of ours
// and one over-broad extra fails, and names it.
describe("doctor: storage policies by meaning", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const check = () => checkStoragePolicies({ db: env.services.db, storage: { ...env.services.storage, kind: "supabase" } });

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

describe("doctor: the storage key is checked for what it is", () => {
  let env: Awaited<ReturnType<typeof createTestServices>>;
  const jwt = (role: string) => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "supabase", role })).toString("base64url")}.c2lnbmF0dXJl`;
  const withKey = (serviceRoleKey: string) =>
    checkBucket({ storage: env.services.storage, env: { ...env.services.env, storage: { driver: "supabase", url: "https://project.supabase.example", serviceRoleKey } } });

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

  it.each([["the service-role JWT", jwt("service_role")], ["an sb_secret_ key", "sb_secret_0123456789abcdef"]])("accepts %s and goes on to the bucket", async (_name, key) => {
    const verdict = await withKey(key);
    expect(verdict.findings.map((f) => f.code)).not.toContain("bucket_wrong_key");
  });
});
