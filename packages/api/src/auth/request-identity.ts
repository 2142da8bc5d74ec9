import { MAX_ACCESS_TOKEN_LENGTH, type Identity } from "./identity";
import { readSessionCookie } from "./read-session-cookie";
import { verifyAccessToken, type TokenVerifierConfig } from "./tokens";

const BEARER_SCHEME = /^Bearer(?:\s|$)/i;
const BEARER_CREDENTIALS = /^Bearer +(\S+)$/i;

/**
 * The bearer token of a request: `Authorization: Bearer` first, then the httpOnly session cookie. A `Bearer` header
 * that is malformed (empty, more than one word, over the length bound) is no token, and the cookie is not consulted:
 * the caller chose the header. Other schemes (a proxy's `Basic`) are not ours and leave the cookie to speak.
 */
export function readAccessToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization && BEARER_SCHEME.test(authorization)) {
    const token = BEARER_CREDENTIALS.exec(authorization)?.[1];
    return token && token.length <= MAX_ACCESS_TOKEN_LENGTH ? token : null;
  }
  return readSessionCookie(headers.get("cookie"));
}

/** The verified identity of a request, or null when it carries no valid token. */
export async function identityFromHeaders(headers: Headers, config: TokenVerifierConfig): Promise<Identity | null> {
  const token = readAccessToken(headers);
  if (!token) return null;
  try {
    return await verifyAccessToken(token, config);
  } catch {
    return null;
  }
}
