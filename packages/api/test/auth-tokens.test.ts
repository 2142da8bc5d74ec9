import { exportSPKI, importJWK, type CryptoKey } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import { createSupabaseJwks, localSignInAllowed, tokenVerifierConfigFromEnv, type TokenEnv } from "../src/auth/token-config";
import { identityFromHeaders } from "../src/auth/request-identity";
import { mintAccessToken, verifyAccessToken, type TokenVerifierConfig } from "../src/auth/tokens";
import { startFakeSupabaseAuth, type FakeSupabaseAuth } from "./fake-supabase-auth";
import { USER_A, USER_B } from "./helpers";

const LEGACY_SECRET = "legacy-supabase-jwt-secret-0123456789abcdef";
const LOCAL_SECRET = "local-auth-jwt-secret-0123456789abcdefgh";

describe("access token verification", () => {
  let auth: FakeSupabaseAuth;
  let config: TokenVerifierConfig;

  beforeAll(async () => {
    auth = await startFakeSupabaseAuth();
    config = {
      supabase: { issuer: auth.issuer, jwtSecret: LEGACY_SECRET, jwks: createSupabaseJwks(auth.jwksUrl, { timeoutMs: 1_000 }) },
      local: { secret: LOCAL_SECRET },
      staffUserIds: [USER_B],
    };
  });
  afterAll(async () => auth?.close());

  it("accepts a Supabase ES256 token checked against the project's JWKS", async () => {
    expect(await verifyAccessToken(await auth.sign(USER_A), config)).toEqual({ userId: USER_A, email: expect.any(String), role: "user" });
  });

  it("accepts a legacy HS256 token signed with SUPABASE_JWT_SECRET", async () => {
    expect((await verifyAccessToken(await auth.signHs256(USER_A, LEGACY_SECRET), config)).userId).toBe(USER_A);
  });

  it("makes staff of app_metadata.role staff or admin, and of STAFF_USER_IDS, and of nobody else", async () => {
    expect((await verifyAccessToken(await auth.sign(USER_A, { appRole: "staff" }), config)).role).toBe("staff");
    expect((await verifyAccessToken(await auth.sign(USER_A, { appRole: "admin" }), config)).role).toBe("staff");
    expect((await verifyAccessToken(await auth.sign(USER_A, { appRole: "editor" }), config)).role).toBe("user");
    expect((await verifyAccessToken(await auth.sign(USER_B), config)).role).toBe("staff");
  });

  it("fetches the JWKS once and serves later tokens from its cache", async () => {
    for (let i = 0; i < 5; i++) await verifyAccessToken(await auth.sign(USER_A), config);
    expect(auth.requests()).toBe(1);
  });

  it.each([
    ["expired", () => auth.sign(USER_A, { expiresInSeconds: -60 })],
    ["signed with another key under the project's kid", () => auth.sign(USER_A, { key: "other" })],
    ["signed with another key under an unknown kid", () => auth.sign(USER_A, { key: "other", kid: "rotated-away" })],
    ["for another audience", () => auth.sign(USER_A, { audience: "anon" })],
    ["from another issuer", () => auth.sign(USER_A, { issuer: "https://evil.example/auth/v1" })],
    ["HS256 with a wrong secret", () => auth.signHs256(USER_A, "not-the-project-secret-0123456789abcdef")],
    ["alg none with the Supabase issuer", async () => auth.unsigned(USER_A, { appRole: "admin" })],
    ["alg none with the local issuer", async () => auth.unsigned(USER_A, { issuer: "lensroom-local" })],
    ["not a JWT at all", async () => "hello.world"],
    ["ES256 with the local issuer", () => auth.sign(USER_A, { issuer: "lensroom-local" })],
    ["local HS256 signed with the Supabase secret", () => mintAccessToken({ userId: USER_A }, { secret: LEGACY_SECRET })],
    ["with a non-uuid sub", () => auth.sign("not-a-uuid")],
  ])("refuses a token %s", async (_label, make) => {
    await expect(verifyAccessToken(await make(), config)).rejects.toMatchObject({ code: "invalid_token" });
  });

  it("refuses algorithm confusion: HS256 keyed with the project's public key", async () => {
    const pem = await exportSPKI((await importJWK(auth.publicJwk, "ES256")) as CryptoKey);
    for (const secret of [pem, JSON.stringify(auth.publicJwk)]) {
      const forged = await auth.signHs256(USER_A, secret, { appRole: "admin" });
      await expect(verifyAccessToken(forged, config)).rejects.toMatchObject({ code: "invalid_token" });
      const jwksOnly = { ...config, supabase: { issuer: auth.issuer, jwks: config.supabase?.jwks } };
      await expect(verifyAccessToken(forged, jwksOnly)).rejects.toMatchObject({ code: "invalid_token" });
    }
  });

  it("refuses every token when the JWKS does not answer in time", async () => {
    const slow = await startFakeSupabaseAuth();
    slow.setDelay(5_000);
    const slowConfig = { supabase: { issuer: slow.issuer, jwks: createSupabaseJwks(slow.jwksUrl, { timeoutMs: 300 }) } };
    // Without the timeout the JWKS would answer after 5 s and the token would verify: the refusal is the timeout's.
    await expect(verifyAccessToken(await slow.sign(USER_A), slowConfig)).rejects.toMatchObject({ code: "invalid_token" });
    await slow.close();
  });

  it("reads the token from the bearer header or the lr_session cookie, and yields null for a bad one", async () => {
    const token = await auth.sign(USER_A);
    expect((await identityFromHeaders(new Headers({ authorization: `bearer ${token}` }), config))?.userId).toBe(USER_A);
    expect((await identityFromHeaders(new Headers({ cookie: `a=b; lr_session=${token}` }), config))?.userId).toBe(USER_A);
    expect(await identityFromHeaders(new Headers({ authorization: `Bearer ${auth.unsigned(USER_A)}` }), config)).toBeNull();
    expect(await identityFromHeaders(new Headers(), config)).toBeNull();
  });
});

describe("remembered verifications", () => {
  const configFor = (staffUserIds: string[] = []): TokenVerifierConfig => ({ local: { secret: LOCAL_SECRET }, staffUserIds });
  afterEach(() => vi.useRealTimers());

  it("serves a verified token from memory, the same frozen identity each time", async () => {
    const config = configFor();
    const token = await mintAccessToken({ userId: USER_A }, { secret: LOCAL_SECRET });
    const first = await verifyAccessToken(token, config);
    expect(first).toEqual({ userId: USER_A, email: null, role: "user" });
    expect(Object.isFrozen(first)).toBe(true);
    expect(await verifyAccessToken(token, config)).toBe(first);
  });

  it("never serves a token past its exp, nor longer than a minute", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const config = configFor();
    const shortLived = await mintAccessToken({ userId: USER_A, expiresInSeconds: 30 }, { secret: LOCAL_SECRET });
    const longLived = await mintAccessToken({ userId: USER_B, expiresInSeconds: 3_600 }, { secret: LOCAL_SECRET });
    const long = await verifyAccessToken(longLived, config);
    expect((await verifyAccessToken(shortLived, config)).userId).toBe(USER_A);
    vi.setSystemTime(Date.now() + 40_000); // past exp and jose's 5 s clock tolerance
    await expect(verifyAccessToken(shortLived, config)).rejects.toMatchObject({ code: "invalid_token" });
    expect(await verifyAccessToken(longLived, config)).toBe(long); // still within its minute
    vi.setSystemTime(Date.now() + 30_000);
    const again = await verifyAccessToken(longLived, config); // checked again after a minute: a new identity object
    expect(again).toEqual(long);
    expect(again).not.toBe(long);
  });

  it("keeps what it remembers per verifier config, and never lets a changed signature through", async () => {
    const token = await mintAccessToken({ userId: USER_A }, { secret: LOCAL_SECRET });
    expect((await verifyAccessToken(token, configFor([USER_A]))).role).toBe("staff");
    expect((await verifyAccessToken(token, configFor())).role).toBe("user");
    const [header, payload, signature = ""] = token.split(".");
    const flipped = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    await expect(verifyAccessToken(`${header}.${payload}.${flipped}`, configFor())).rejects.toMatchObject({ code: "invalid_token" });
  });
});

describe("which tokens a deployment accepts", () => {
  const base: TokenEnv = { NODE_ENV: "development", LENSROOM_MODE: "embedded", AUTH_JWT_SECRET: LOCAL_SECRET, STAFF_USER_IDS: [] };
  const localToken = () => mintAccessToken({ userId: USER_A }, { secret: LOCAL_SECRET });

  it("accepts local sign-in tokens in embedded development and test", async () => {
    expect(localSignInAllowed(base)).toBe(true);
    expect(localSignInAllowed({ ...base, NODE_ENV: "test" })).toBe(true);
    expect((await verifyAccessToken(await localToken(), tokenVerifierConfigFromEnv(base))).userId).toBe(USER_A);
  });

  it("refuses them with NODE_ENV=production or in production mode unless AUTH_ALLOW_LOCAL_SIGN_IN=true", async () => {
    for (const env of [
      { ...base, NODE_ENV: "production" as const },
      { ...base, LENSROOM_MODE: "production" as const, SUPABASE_URL: "http://127.0.0.1:9" },
      { ...base, AUTH_ALLOW_LOCAL_SIGN_IN: false },
    ]) {
      expect(localSignInAllowed(env)).toBe(false);
      await expect(verifyAccessToken(await localToken(), tokenVerifierConfigFromEnv(env))).rejects.toMatchObject({ code: "invalid_token" });
    }
    const allowed = { ...base, NODE_ENV: "production" as const, AUTH_ALLOW_LOCAL_SIGN_IN: true };
    expect((await verifyAccessToken(await localToken(), tokenVerifierConfigFromEnv(allowed))).userId).toBe(USER_A);
  });

  it("derives the Supabase issuer and JWKS URL from SUPABASE_URL (a trailing slash is fine)", async () => {
    const auth = await startFakeSupabaseAuth();
    try {
      const config = tokenVerifierConfigFromEnv({ ...base, NODE_ENV: "production", SUPABASE_URL: `${auth.url}/` });
      expect(config.local).toBeUndefined();
      expect(config.supabase?.issuer).toBe(auth.issuer);
      expect((await verifyAccessToken(await auth.sign(USER_A), config)).userId).toBe(USER_A);
      expect(auth.requests()).toBe(1);
    } finally {
      await auth.close();
    }
  });
});
