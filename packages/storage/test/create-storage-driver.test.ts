import { describe, expect, it } from "vitest";
import { DEFAULT_PUBLIC_BASE_URL, createStorageDriver, publicBaseUrlOf, readStorageEnv } from "../src/index";

const KEY = "service-role-key-0123456789";

describe("readStorageEnv + createStorageDriver", () => {
  it("selects Supabase when URL and key are set", () => {
    const config = readStorageEnv({ SUPABASE_URL: "https://abc.supabase.co", SUPABASE_SERVICE_ROLE_KEY: KEY });
    expect(config).toEqual({ driver: "supabase", url: "https://abc.supabase.co", serviceRoleKey: KEY });
    expect(createStorageDriver(config).kind).toBe("supabase");
  });

  it("falls back to local storage under the repo's .data/storage", () => {
    const config = readStorageEnv({ SUPABASE_URL: "" }, process.cwd());
    expect(config).toMatchObject({ driver: "local", publicBaseUrl: DEFAULT_PUBLIC_BASE_URL });
    expect(config.driver === "local" && config.rootDir).toMatch(/\/\.data\/storage$/);
    expect(createStorageDriver(config).kind).toBe("local");
  });

  it("honours STORAGE_LOCAL_DIR and STORAGE_PUBLIC_BASE_URL", () => {
    const config = readStorageEnv({ STORAGE_LOCAL_DIR: "/srv/storage", STORAGE_PUBLIC_BASE_URL: "http://127.0.0.1:4000/files" }, "/");
    expect(config).toEqual({ driver: "local", rootDir: "/srv/storage", publicBaseUrl: "http://127.0.0.1:4000/files" });
  });

  it("fails with a readable message", () => {
    expect(() => readStorageEnv({ SUPABASE_URL: "https://abc.supabase.co" })).toThrow(/Invalid storage environment:[\s\S]*SUPABASE_SERVICE_ROLE_KEY: set both/);
    expect(() => readStorageEnv({ STORAGE_PUBLIC_BASE_URL: "not a url" })).toThrow(/STORAGE_PUBLIC_BASE_URL/);
  });

  it("refuses at start-up a key that is certainly not the service-role key, naming which key to use", () => {
    const jwt = (role: string) => `${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${Buffer.from(JSON.stringify({ role })).toString("base64url")}.c2ln`;
    const read = (key: string) => () => readStorageEnv({ SUPABASE_URL: "https://abc.supabase.co", SUPABASE_SERVICE_ROLE_KEY: key });
    expect(read(jwt("anon"))).toThrow(/SUPABASE_SERVICE_ROLE_KEY: wrong key: this is the anon key; use the service_role \(secret\) key/);
    expect(read("sb_publishable_0123456789abcdef")).toThrow(/wrong key: this is the publishable key/);
    expect(read(jwt("service_role"))()).toMatchObject({ driver: "supabase" });
    expect(read("sb_secret_0123456789abcdef")()).toMatchObject({ driver: "supabase" });
  });

  it("names the same public base as the driver it builds", () => {
    const configs = [
      readStorageEnv({ SUPABASE_URL: "https://abc.supabase.co/", SUPABASE_SERVICE_ROLE_KEY: KEY }),
      readStorageEnv({ STORAGE_LOCAL_DIR: "/srv/storage", STORAGE_PUBLIC_BASE_URL: "http://127.0.0.1:4000/files/" }, "/"),
    ];
    expect(configs.map(publicBaseUrlOf)).toEqual(["https://abc.supabase.co/storage/v1/object/public", "http://127.0.0.1:4000/files"]);
    for (const config of configs) expect(createStorageDriver(config).publicBaseUrl).toBe(publicBaseUrlOf(config));
  });
});
