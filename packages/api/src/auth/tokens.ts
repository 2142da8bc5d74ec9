import { createHash } from "node:crypto";

import { decodeJwt, decodeProtectedHeader, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";

import { jwtClaimsSchema, STAFF_ROLES, type Identity } from "./identity";

export const LOCAL_ISSUER = "lensroom-local";
export const AUDIENCE = "authenticated";
/** What Supabase signs with when a project uses asymmetric signing keys. Never HS*: no algorithm confusion. */
export const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256"] as const;
const MAX_TOKEN_LENGTH = 8_192;
const CLOCK_TOLERANCE_SECONDS = 5;

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

const key = (secret: string) => new TextEncoder().encode(secret);

export class InvalidTokenError extends Error {
  readonly code = "invalid_token";
}

type Verification = { key: Uint8Array | JWTVerifyGetKey; algorithms: string[]; issuer: string };

/** Pick the one key + algorithm set a token may be checked with, from its (unverified) issuer and `alg`. */
function chooseVerification(token: string, config: TokenVerifierConfig): Verification {
  const { alg } = decodeProtectedHeader(token);
  const { iss } = decodeJwt(token);
  const supabase = config.supabase;
  if (supabase && iss === supabase.issuer) {
    if (alg === "HS256" && supabase.jwtSecret) return { key: key(supabase.jwtSecret), algorithms: ["HS256"], issuer: supabase.issuer };
    if ((ASYMMETRIC_ALGORITHMS as readonly unknown[]).includes(alg) && supabase.jwks) {
      return { key: supabase.jwks, algorithms: [...ASYMMETRIC_ALGORITHMS], issuer: supabase.issuer };
    }
    throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted for Supabase tokens`);
  }
  if (config.local && iss === LOCAL_ISSUER) {
    if (alg === "HS256") return { key: key(config.local.secret), algorithms: ["HS256"], issuer: LOCAL_ISSUER };
    throw new InvalidTokenError(`algorithm ${String(alg)} is not accepted for local tokens`);
  }
  throw new InvalidTokenError("token issuer is not accepted here");
}

/**
 * Verify an access token: signature (HS256 with the matching secret, or ES256/RS256 from the project's JWKS),
 * `exp`, `aud` = authenticated, the issuer, and a uuid `sub`. `alg: none` and algorithm confusion never pass.
 */
export async function verifyAccessToken(token: string, config: TokenVerifierConfig): Promise<Identity> {
  try {
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError("token too long");
    const verification = chooseVerification(token, config);
    const options = {
      algorithms: verification.algorithms,
      audience: AUDIENCE,
      issuer: verification.issuer,
      requiredClaims: ["exp", "sub"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    const { payload } =
      verification.key instanceof Uint8Array
        ? await jwtVerify(token, verification.key, options)
        : await jwtVerify(token, verification.key, options);
    const claims = jwtClaimsSchema.parse(payload);
    const appRole = claims.app_metadata?.role;
    const isStaff =
      (appRole !== undefined && (STAFF_ROLES as readonly string[]).includes(appRole)) ||
      (config.staffUserIds ?? []).includes(claims.sub);
    return { userId: claims.sub, email: claims.email ?? null, role: isStaff ? "staff" : "user" };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError(error instanceof Error ? error.message : "invalid token");
  }
}

/** A stable user id for a local sign-in email (uuid v5-like, from sha-1 of the address). */
export function localUserId(email: string): string {
  const hex = createHash("sha1").update(`lensroom-local:${email.trim().toLowerCase()}`).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
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
    .sign(key(config.secret));
}
