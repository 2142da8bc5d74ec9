import { SESSION_COOKIE } from "../auth/identity";

/** 303 to a same-site path with the access token set as the httpOnly session cookie. */
export function signedInRedirect(request: Request, nextPath: string | undefined, token: string, maxAgeSeconds: number): Response {
  const target = new URL(nextPath ?? "/", request.url);
  const secure = target.protocol === "https:" ? "; Secure" : "";
  return new Response(null, {
    status: 303,
    headers: {
      location: target.pathname + target.search,
      "set-cookie": `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure}`,
    },
  });
}

/** A `next` form field: a path on this site only (no scheme, no `//host`). */
export const NEXT_PATH = /^\/(?![/\\])[^\s]*$/;
