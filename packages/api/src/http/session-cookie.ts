import { stringifySetCookie } from "cookie";

import { SESSION_COOKIE } from "../auth/identity";

/** The session cookie's `Set-Cookie` header: httpOnly, the whole site, Lax, Secure over https. */
function sessionSetCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return stringifySetCookie({
    name: SESSION_COOKIE,
    value: token,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure,
    maxAge: Math.max(0, Math.floor(maxAgeSeconds)),
  });
}

/** 303 to a same-site path with the access token set as the httpOnly session cookie. */
export function signedInRedirect(request: Request, nextPath: string | undefined, token: string, maxAgeSeconds: number): Response {
  const target = new URL(nextPath ?? "/", request.url);
  return new Response(null, {
    status: 303,
    headers: { location: target.pathname + target.search, "set-cookie": sessionSetCookie(token, maxAgeSeconds, target.protocol === "https:") },
  });
}

/** 303 to the sign-in page with the session cookie cleared. */
export function signedOutRedirect(request: Request): Response {
  const target = new URL("/sign-in", request.url);
  return new Response(null, { status: 303, headers: { location: target.pathname, "set-cookie": sessionSetCookie("", 0, target.protocol === "https:") } });
}

/** A `next` form field: a path on this site only (no scheme, no `//host`). */
export const NEXT_PATH = /^\/(?![/\\])[^\s]*$/;
