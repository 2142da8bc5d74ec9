import { createHash } from "node:crypto";

import { jwtVerify, SignJWT } from "jose";

import { jwtClaimsSchema, STAFF_ROLES, type Identity } from "./identity";

export const LOCAL_ISSUER = "lensroom-local";
export const AUDIENCE = "authenticated";

export interface TokenVerifierConfig {
  /** HS256 secret (Supabase legacy JWT secret, or the local-only AUTH_JWT_SECRET). */
  secret: string;
  issuer: string;
  staffUserIds?: readonly string[];
}

const key = (secret: string) => new TextEncoder().encode(secret);

export class InvalidTokenError extends Error {
  readonly code = "invalid_token";
}

/** Verify a Supabase-compatible access token: signature (HS256 only), `exp`, `aud`, issuer, and a uuid `sub`. */
export async function verifyAccessToken(token: string, config: TokenVerifierConfig): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(config.secret), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
      issuer: config.issuer,
      requiredClaims: ["exp", "sub"],
    });
    const claims = jwtClaimsSchema.parse(payload);
    const appRole = claims.app_metadata?.role;
    const isStaff =
      (appRole !== undefined && (STAFF_ROLES as readonly string[]).includes(appRole)) ||
      (config.staffUserIds ?? []).includes(claims.sub);
    return { userId: claims.sub, email: claims.email ?? null, role: isStaff ? "staff" : "user" };
  } catch (error) {
    throw new InvalidTokenError(error instanceof Error ? error.message : "invalid token");
  }
}

/** A stable user id for a local sign-in email (uuid v5-like, from sha-1 of the address). */
export function localUserId(email: string): string {
  const hex = createHash("sha1").update(`lensroom-local:${email.trim().toLowerCase()}`).digest("hex");
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** Mint the same kind of token Supabase issues. Local-only: used by the embedded sign-in and by tests. */
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
