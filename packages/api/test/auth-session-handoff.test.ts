import { describe, expect, it } from "vitest";

import { tokenVerifierConfigFromEnv } from "../src/auth/token-config";
import { mintAccessToken } from "../src/auth/tokens";
import { parseServerEnv } from "../src/env";
import { createSessionHandoffHandler } from "../src/http/session-handoff-route";
import { TEST_SECRETS } from "../src/testing";

const USER = "3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a";
const SUPABASE_JWT_SECRET = "supabase-legacy-jwt-secret-0123456789abcdef";

// Users the old site signs in through Telegram have no password to type here: the old site hands their Supabase
// session over instead.
describe("POST /api/auth/session (session hand-over)", () => {
  const env = parseServerEnv({
    ...TEST_SECRETS,
    NODE_ENV: "production",
    LENSROOM_MODE: "production",
    DATABASE_URL: "postgres://u:p@127.0.0.1:9/none",
    PUBLIC_WEB_URL: "https://library.example.test",
    SUPABASE_URL: "https://project.supabase.example",
    SUPABASE_JWT_SECRET,
    SUPABASE_SERVICE_ROLE_KEY: "fake-service-role-key-0123456789",
    AUTH_HANDOFF_ORIGINS: "https://old-site.example.test/some/path",
  });
  const tokens = tokenVerifierConfigFromEnv(env);
  const handle = createSessionHandoffHandler(async () => ({ env, tokens }));
  const supabaseToken = (expiresInSeconds = 3600) =>
    mintAccessToken({ userId: USER, expiresInSeconds }, { secret: SUPABASE_JWT_SECRET, issuer: "https://project.supabase.example/auth/v1" });
  const post = (fields: Record<string, string>, origin: string | null = "https://old-site.example.test") =>
    handle(
      new Request("https://library.example.test/api/auth/session", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...(origin ? { origin } : {}) },
        body: new URLSearchParams(fields).toString(),
      }),
    );

  it("keeps a verified Supabase token from a listed origin in the session cookie, for as long as it lives", async () => {
    const token = await supabaseToken(1800);
    const response = await post({ access_token: token });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/library");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`lr_session=${token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(Number(/Max-Age=(\d+)/.exec(cookie)?.[1])).toBeGreaterThan(1700);
    const next = await post({ access_token: token, next: "/create/studio" });
    expect(next.headers.get("location")).toBe("/create/studio");
  });

  it("refuses other origins and requests without one, so no page can sign a visitor into another account", async () => {
    const token = await supabaseToken();
    for (const origin of ["https://evil.example.test", null]) {
      const response = await post({ access_token: token }, origin);
      expect(response.status).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("sends a token that does not verify back to sign-in, and a malformed form gets a 400", async () => {
    const forged = await mintAccessToken(
      { userId: USER },
      { secret: "another-secret-that-is-long-enough-0123", issuer: "https://project.supabase.example/auth/v1" },
    );
    const response = await post({ access_token: forged });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in?error=invalid");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await post({ access_token: "short" })).status).toBe(400);
    expect((await post({ access_token: await supabaseToken(), next: "//evil.example.test" })).status).toBe(400);
  });
});
