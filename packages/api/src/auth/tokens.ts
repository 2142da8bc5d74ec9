import { webcrypto } from "node:crypto";

import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import { v5 as uuidV5 } from "uuid";

import { jwtClaimsSchema, MAX_ACCESS_TOKEN_LENGTH, STAFF_ROLES, type Identity } from "./identity";

export const LOCAL_ISSUER = "lensroom-local";
export const AUDIENCE = "authenticated";
/** What Supabase signs with when a project uses asymmetric signing keys. Never HS*: no algorithm confusion. */
export const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256"] as const;
const CLOCK_TOLERANCE_SECONDS = 5;
const LOCAL_USER_ID_PREFIX = "lensroom-local:";
const UUID_NAMESPACE_BYTES = 16;

/** Which tokens this process accepts. Built once per process (the JWKS cache lives in `supabase.jwks`). */
export interface TokenVerifierConfig {
  /** Supabase Auth tokens (issuer `${SUPABASE_URL}/auth/v1`). */
  supabase?: {
    issuer: string;
    /** Legacy projects: the HS256 JWT secret. */
    jwtSecret?: string;
    /** Current projects: the project's public signing keys (a cached remote JWKS). */
    jwks?: JWTVerifyGetKey;
  };
  /** LOCAL-ONLY sign-in tokens (AUTH_JWT_SECRET, issuer `lensroom-local`); absent where they are refused. */
  local?: { secret: string };
  /** User ids treated as staff whatever their token says. */
  staffUserIds?: readonly string[];
}

const hmacKeys = new Map<string, Promise<webcrypto.CryptoKey>>();

/**
 * The HS256 key for a secret, imported into WebCrypto once per process: given the raw bytes, jose imports the key
 * again on every verification, one more trip to the thread pool per request (docs/performance.md, "Token checks").
 * A process knows a handful of secrets; the map is cleared if that is ever not so.
 */
function hmacKey(secret: string): Promise<webcrypto.CryptoKey> {
  let imported = hmacKeys.get(secret);
  if (!imported) {
    if (hmacKeys.size >= 16) hmacKeys.clear();
    imported = webcrypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    hmacKeys.set(secret, imported);
  }
  return imported;
}

export class InvalidTokenError extends Error {
  readonly code = "invalid_token";
}

type Verification = { key: Promise<webcrypto.CryptoKey> | JWTVerifyGetKey; algorithms: string[]; issuer: string };

/** Pick the one key + algorithm set a token may be checked with, from its (unverified) issuer and `alg`. */
function chooseVerification(token: string, config: TokenVerifierConfig): Verification {
  const { alg } = decodeProtectedHeader(token);
  const { iss } = decodeJwt(token);
  const supabase = config.supabase;
  if (supabase && iss === supabase.issuer) {
    if (alg === "HS256" && supabase.jwtSecret) return { key: hmacKey(supabase.jwtSecret), algorithms: ["HS256"], issuer: supabase.issuer };
    if ((ASYMMETRIC_ALGORITHMS as readonly unknown[]).includes(alg) && supabase.jwks) {
      return { key: supabase.jwks, algorithms: [...ASYMMETRIC_ALGORITHMS], issuer: supabase.issuer };
    }
    throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted for Supabase tokens`);
  }
  if (config.local && iss === LOCAL_ISSUER) {
    if (alg === "HS256") return { key: hmacKey(config.local.secret), algorithms: ["HS256"], issuer: LOCAL_ISSUER };
    throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted for local tokens`);
  }
  throw new InvalidTokenError("token issuer is not accepted here");
}

/** How long a verified token is served from memory (never past its own `exp`). */
const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKEN_LIMIT = 10_000;
const verifiedTokens = new WeakMap<TokenVerifierConfig, Map<string, { identity: Identity; until: number }>>();

/**
 * Verify an access token: signature (HS256 with the matching secret, or ES256/RS256 from the project's JWKS),
 * `exp`, `aud` = authenticated, the issuer, and a uuid `sub`. `alg: none` and algorithm confusion never pass.
 *
 * A session sends the same token with every request, so a verified token is remembered (per verifier config) for
 * a minute or until it expires, whichever is first: a request then costs a map lookup instead of a signature check
 * on the crypto thread pool, otherwise the largest part of a library page's tail latency. Only successes are
 * remembered, keyed by the whole token (signature included); a minute is well inside the 10 minutes a JWKS key
 * stays cached anyway.
 */
export async function verifyAccessToken(token: string, config: TokenVerifierConfig): Promise<Identity> {
  let verified = verifiedTokens.get(config);
  if (!verified) verifiedTokens.set(config, (verified = new Map<string, { identity: Identity; until: number }>()));
  const now = Date.now();
  const remembered = verified.get(token);
  if (remembered && remembered.until > now) return remembered.identity;
  if (remembered) verified.delete(token);

  const { identity, expiresAt } = await verifySignatureAndClaims(token, config);
  if (verified.size >= VERIFIED_TOKEN_LIMIT) verified.delete(verified.keys().next().value as string);
  verified.set(token, { identity, until: Math.min(expiresAt, now + VERIFIED_TOKEN_TTL_MS) });
  return identity;
}

async function verifySignatureAndClaims(token: string, config: TokenVerifierConfig): Promise<{ identity: Identity; expiresAt: number }> {
  try {
    if (token.length > MAX_ACCESS_TOKEN_LENGTH) throw new InvalidTokenError("token too long");
    const verification = chooseVerification(token, config);
    const options = {
      algorithms: verification.algorithms,
      audience: AUDIENCE,
      issuer: verification.issuer,
      requiredClaims: ["exp", "sub"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    const { payload } =
      typeof verification.key === "function" ? await jwtVerify(token, verification.key, options) : await jwtVerify(token, await verification.key, options);
    const claims = jwtClaimsSchema.parse(payload);
    const appRole = claims.app_metadata?.role;
    const isStaff = (appRole !== undefined && (STAFF_ROLES as readonly string[]).includes(appRole)) || (config.staffUserIds ?? []).includes(claims.sub);
    const identity: Identity = Object.freeze({ userId: claims.sub, email: claims.email ?? null, role: isStaff ? "staff" : "user" });
    return { identity, expiresAt: claims.exp * 1000 };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError(error instanceof Error ? error.message : "invalid token");
  }
}

/**
 * A stable user id for a local sign-in email: uuid v5 over the bytes `lensroom-local:<email>`. uuid v5 hashes a
 * 16-byte namespace followed by the name, so the first 16 bytes of that text are the namespace and the rest the name;
 * that keeps every id ever issued for an address. The address is never empty here (the sign-in route validates it).
 */
export function localUserId(email: string): string {
  const bytes = new TextEncoder().encode(`${LOCAL_USER_ID_PREFIX}${email.trim().toLowerCase()}`);
  return uuidV5(bytes.subarray(UUID_NAMESPACE_BYTES), bytes.subarray(0, UUID_NAMESPACE_BYTES));
}

/** Mint the same kind of token Supabase issues. LOCAL-ONLY: used by the embedded sign-in and by tests. */
export async function mintAccessToken(
  input: { userId: string; email?: string; role?: "user" | "staff"; expiresInSeconds?: number },
  config: { secret: string; issuer?: string },
): Promise<string> {
  return new SignJWT({
    email: input.email,
    role: "authenticated",
    app_metadata: { role: input.role === "staff" ? "staff" : "user", provider: "local" },
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(input.userId)
    .setAudience(AUDIENCE)
    .setIssuer(config.issuer ?? LOCAL_ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${input.expiresInSeconds ?? 60 * 60 * 24 * 7}s`)
    .sign(await hmacKey(config.secret));
}
