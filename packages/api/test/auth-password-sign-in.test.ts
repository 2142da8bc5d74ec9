import { parseSetCookie } from "cookie";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { SESSION_COOKIE } from "../src/auth/identity";
import { tokenVerifierConfigFromEnv } from "../src/auth/token-config";
import { verifyAccessToken } from "../src/auth/tokens";
import { parseServerEnv } from "../src/env";
import { createPasswordSignInHandler } from "../src/http/password-sign-in-route";
import { TEST_SECRETS } from "../src/testing";
import { startFakeSupabaseAuth, type FakeSupabaseAuth } from "./fake-supabase-auth";

const USER = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a";

// Production sign-in: Supabase Auth checks the password; we keep its token in the httpOnly cookie.
describe("POST /api/auth/password (Supabase Auth)", () => {
  let auth: FakeSupabaseAuth;
  let handle: (request: Request) => Promise<Response>;
  let tokens: ReturnType<typeof tokenVerifierConfigFromEnv>;

  beforeAll(async () => {
    auth = await startFakeSupabaseAuth();
    auth.addAccount("ada@example.test", "correct horse", USER);
    const env = parseServerEnv({
      ...TEST_SECRETS,
      NODE_ENV: "production",
      LENSROOM_MODE: "production",
      DATABASE_URL: "postgres://u:p@127.0.0.1:9/none",
      SUPABASE_URL: auth.url,
      SUPABASE_ANON_KEY: auth.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: "fake-service-role-key-0123456789",
    });
    tokens = tokenVerifierConfigFromEnv(env);
    handle = createPasswordSignInHandler(async () => ({ env, tokens }));
  });
  afterAll(async () => auth?.close());

  const post = (fields: Record<string, string>) =>
    handle(
      new Request("https://library.example.test/api/auth/password", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      }),
    );

  it("signs in with the right password: a verified Supabase token in a secure httpOnly cookie", async () => {
    const response = await post({ email: "ada@example.test", password: "correct horse", next: "/library" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/library");
    const cookie = parseSetCookie(response.headers.get("set-cookie") ?? "");
    expect(cookie).toMatchObject({ name: SESSION_COOKIE, httpOnly: true, secure: true, sameSite: "lax", path: "/" });
    expect((await verifyAccessToken(cookie.value ?? "", tokens)).userId).toBe(USER);
  });

  it("sends a wrong password back to the sign-in page without a cookie", async () => {
    const response = await post({ email: "ada@example.test", password: "wrong", next: "/library" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?error=credentials&next=%2Flibrary");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("refuses an off-site `next` and a malformed form before asking Supabase", async () => {
    const before = auth.passwordGrants();
    const forms: Record<string, string>[] = [
      { email: "ada@example.test", password: "x", next: "//evil.example" },
      { email: "not-an-email", password: "x" },
    ];
    for (const fields of forms) {
      const response = await post(fields);
      expect(response.headers.get("location")).toBe("/sign-in?error=invalid");
    }
    expect(auth.passwordGrants()).toBe(before);
  });

  it("answers 405 to GET and 404 where Supabase is not configured", async () => {
    const get = await handle(new Request("https://library.example.test/api/auth/password"));
    expect(get.status).toBe(405);
    const embedded = parseServerEnv({ ...TEST_SECRETS, DATABASE_URL: "postgres://u:p@127.0.0.1:9/none" });
    const off = createPasswordSignInHandler(async () => ({ env: embedded, tokens }));
    expect((await off(new Request("http://x/api/auth/password", { method: "POST" }))).status).toBe(404);
  });
});
