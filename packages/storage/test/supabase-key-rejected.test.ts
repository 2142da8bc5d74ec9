import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BUCKET, createSupabaseStorageDriver, type StorageDriver } from "../src/index";
import { startFakeSupabaseStorage, type FakeSupabaseStorage } from "./fake-supabase-storage";
import { PNG_PATH, USER, fakeSupabaseKey, rejection } from "./helpers";

// A key the server refuses, or one that is not the service-role key, is `key_rejected`: never a missing bucket.
let fake: FakeSupabaseStorage;
const png = { contentType: "image/png" };
const driverWithKey = (serviceRoleKey: string): StorageDriver => createSupabaseStorageDriver({ url: fake.url, serviceRoleKey });

beforeEach(async () => {
  fake = await startFakeSupabaseStorage();
});
afterEach(async () => {
  await fake.close();
});

describe("supabase driver: a key the server refuses", () => {
  it.each([
    ["Storage itself", "storage", 403],
    ["the hosted API gateway", "gateway", 401],
    ["a server before 2024", "legacy", 400],
  ] as const)("is key_rejected on every call when %s refuses it", async (_who, how, status) => {
    fake.keyRejection = how;
    const driver = driverWithKey("not-a-key-0123456789");
    const calls = [() => driver.getBucket(), () => driver.ensureBucket(), () => driver.list(USER), () => driver.exists(PNG_PATH)];
    for (const call of calls) {
      expect(await rejection(call())).toMatchObject({ code: "key_rejected", status, message: expect.stringContaining("refused the key") });
    }
    expect(await rejection(driver.upload(PNG_PATH, Buffer.from("x"), png))).toMatchObject({ code: "key_rejected" });
    expect(fake.buckets.size).toBe(0);
  });

  it("is key_rejected for a service-role JWT signed with another secret", async () => {
    const forged = `${fakeSupabaseKey("service_role").split(".").slice(0, 2).join(".")}.b3RoZXItc2VjcmV0`;
    expect(await rejection(driverWithKey(forged).getBucket())).toMatchObject({ code: "key_rejected", status: 403 });
  });
});

describe("supabase driver: a key that is not the service-role key", () => {
  it("is key_rejected by getBucket, whether or not the bucket exists, where the server only says 'not found'", async () => {
    const anon = driverWithKey(fake.anonKey);
    expect(await rejection(anon.getBucket())).toMatchObject({ code: "key_rejected", message: expect.stringContaining("is the anon key") });
    await driverWithKey(fake.serviceRoleKey).ensureBucket();
    expect(await rejection(anon.getBucket())).toMatchObject({ code: "key_rejected" });
  });

  it("never creates a bucket", async () => {
    expect(await rejection(driverWithKey(fake.anonKey).ensureBucket())).toMatchObject({ code: "key_rejected" });
    expect(fake.buckets.size).toBe(0);
    expect(fake.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("is refused by row-level security on upload, which reads as the key's fault", async () => {
    await driverWithKey(fake.serviceRoleKey).ensureBucket();
    const error = await rejection(driverWithKey(fake.anonKey).upload(PNG_PATH, Buffer.from("x"), png));
    expect(error).toMatchObject({ code: "key_rejected", status: 403 });
    expect(fake.objects.has(`${BUCKET}/${PNG_PATH}`)).toBe(false);
  });
});

describe("supabase driver: the service-role key", () => {
  it("sees a missing bucket as missing", async () => {
    expect(await driverWithKey(fake.serviceRoleKey).getBucket()).toBeNull();
  });
});
