import { SESSION_COOKIE, type Identity } from "./identity";
import { verifyAccessToken, type TokenVerifierConfig } from "./tokens";

/** A cookie value percent-decoded; a malformed one (`%E0%A4%A`) is no token at all, never an exception. */
function decodeCookieValue(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/** The bearer token of a request: `Authorization: Bearer` first, then the httpOnly session cookie. */
export function readAccessToken(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (bearer) return bearer[1] ?? null;
  const cookie = headers.get("cookie");
  if (!cookie) return null;
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return decodeCookieValue(rest.join("=")) || null;
  }
  return null;
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
