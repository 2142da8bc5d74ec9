import { describe, expect, it } from "vitest";

import { tokenConfig } from "../src/app-services";
import { localUserId, verifyAccessToken } from "../src/auth/tokens";
import { parseServerEnv } from "../src/env";
import { createLocalSignInHandler } from "../src/http/local-sign-in-route";
import { TEST_SECRETS } from "../src/testing";
import { sessionTokenSetBy } from "./helpers";

const signIn = (vars: Record<string, string>, form: Record<string, string>) => {
  const env = parseServerEnv({ DATABASE_URL: "postgres://u:p@127.0.0.1:9/x", ...TEST_SECRETS, ...vars });
  const handle = createLocalSignInHandler(async () => ({ env, tokens: tokenConfig(env) }));
  const request = new Request("http://127.0.0.1/api/auth/local", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { env, response: handle(request) };
};

describe("local sign-in (LOCAL-ONLY)", () => {
  it("signs in an email as a stable user, staff on request, in embedded development", async () => {
    const { env, response } = signIn({ NODE_ENV: "development" }, { email: "Ann@Example.test", staff: "on", next: "/library" });
    const res = await response;
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/library");
    expect(res.headers.get("set-cookie")).toContain("HttpOnly");
    expect(await verifyAccessToken(sessionTokenSetBy(res), tokenConfig(env))).toMatchObject({ userId: localUserId("ann@example.test"), role: "staff" });
  });

  it("is refused with NODE_ENV=production", async () => {
    const res = await signIn({ NODE_ENV: "production" }, { email: "ann@example.test" }).response;
    expect(res.status).toBe(404);
    expect(res.headers.get("set-cookie")).toBeNull();
  });

  it("works with NODE_ENV=production when AUTH_ALLOW_LOCAL_SIGN_IN=true", async () => {
    const { env, response } = signIn({ NODE_ENV: "production", AUTH_ALLOW_LOCAL_SIGN_IN: "true" }, { email: "ann@example.test" });
    const res = await response;
    expect(res.status).toBe(303);
    expect((await verifyAccessToken(sessionTokenSetBy(res), tokenConfig(env))).userId).toBe(localUserId("ann@example.test"));
  });

  it("never makes self-declared staff outside the embedded mode", async () => {
    const supabase = { LENSROOM_MODE: "production", SUPABASE_URL: "http://127.0.0.1:9", SUPABASE_SERVICE_ROLE_KEY: "service-role-key-0123456789" };
    expect((await signIn({ NODE_ENV: "production", ...supabase }, { email: "ann@example.test" }).response).status).toBe(404);
    const { env, response } = signIn({ NODE_ENV: "production", AUTH_ALLOW_LOCAL_SIGN_IN: "true", ...supabase }, { email: "ann@example.test", staff: "on" });
    const res = await response;
    expect(res.status).toBe(303);
    expect((await verifyAccessToken(sessionTokenSetBy(res), tokenConfig(env))).role).toBe("user");
  });

  it("refuses GET and a bad email", async () => {
    expect((await signIn({}, { email: "not-an-email" }).response).status).toBe(400);
    const env = parseServerEnv({ DATABASE_URL: "postgres://u:p@127.0.0.1:9/x", ...TEST_SECRETS });
    const get = await createLocalSignInHandler(async () => ({ env, tokens: tokenConfig(env) }))(new Request("http://127.0.0.1/api/auth/local"));
    expect(get.status).toBe(405);
  });
});
