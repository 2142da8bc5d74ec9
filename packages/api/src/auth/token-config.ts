import { createRemoteJWKSet } from "jose";

import type { TokenVerifierConfig } from "./tokens";

/** The configuration the verifier reads (a subset of the server env). */
export interface TokenEnv {
  NODE_ENV: "development" | "production" | "test";
  LENSROOM_MODE: "embedded" | "production";
  SUPABASE_URL?: string;
  SUPABASE_JWT_SECRET?: string;
  SUPABASE_JWKS_URL?: string;
  AUTH_JWT_SECRET?: string;
  AUTH_ALLOW_LOCAL_SIGN_IN?: boolean;
  STAFF_USER_IDS: readonly string[];
}

export const JWKS_TIMEOUT_MS = 5_000;
export const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;

/** `https://<ref>.supabase.co` → `https://<ref>.supabase.co/auth/v1` (what Supabase Auth puts in `iss`). */
export const supabaseIssuer = (supabaseUrl: string) => `${supabaseUrl.replace(/\/+$/, "")}/auth/v1`;

/** The project's public signing keys: fetched on first use (with a timeout), cached, refetched for unknown `kid`s. */
export function createSupabaseJwks(jwksUrl: string, options: { timeoutMs?: number; cacheMaxAgeMs?: number } = {}) {
  return createRemoteJWKSet(new URL(jwksUrl), {
    timeoutDuration: options.timeoutMs ?? JWKS_TIMEOUT_MS,
    cooldownDuration: 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? JWKS_CACHE_MAX_AGE_MS,
  });
}

/**
 * Local sign-in (and its tokens) is for the embedded mode on a developer machine. It is refused when
 * NODE_ENV=production or outside the embedded mode, unless AUTH_ALLOW_LOCAL_SIGN_IN says otherwise explicitly.
 */
export function localSignInAllowed(env: TokenEnv): boolean {
  if (!env.AUTH_JWT_SECRET) return false;
  return env.AUTH_ALLOW_LOCAL_SIGN_IN ?? (env.LENSROOM_MODE === "embedded" && env.NODE_ENV !== "production");
}

/** Which tokens a process accepts: Supabase's (HS256 secret and/or JWKS) when SUPABASE_URL is set, local ones where allowed. */
export function tokenVerifierConfigFromEnv(env: TokenEnv, options: { jwksTimeoutMs?: number } = {}): TokenVerifierConfig {
  const config: TokenVerifierConfig = { staffUserIds: env.STAFF_USER_IDS };
  if (env.SUPABASE_URL) {
    config.supabase = {
      issuer: supabaseIssuer(env.SUPABASE_URL),
      jwtSecret: env.SUPABASE_JWT_SECRET,
      jwks: createSupabaseJwks(env.SUPABASE_JWKS_URL ?? `${supabaseIssuer(env.SUPABASE_URL)}/.well-known/jwks.json`, {
        timeoutMs: options.jwksTimeoutMs,
      }),
    };
  }
  if (env.AUTH_JWT_SECRET && localSignInAllowed(env)) config.local = { secret: env.AUTH_JWT_SECRET };
  return config;
}
