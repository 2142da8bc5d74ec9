import { parseCookie } from "cookie";

import { MAX_ACCESS_TOKEN_LENGTH, SESSION_COOKIE } from "./identity";

/**
 * The longest `Cookie` header read at all: 16 KiB, Node's default limit for all of a request's headers together
 * (`--max-http-header-size`). Nothing longer arrives over HTTP (Node answers 431 first), so a longer one only comes
 * from in-process callers and is not worth parsing.
 */
export const MAX_COOKIE_HEADER_LENGTH = 16_384;

/** A cookie pair named `lr_session`, as `parseCookie` delimits pairs: after the start or a `;`, name trimmed of blanks. */
const SESSION_COOKIE_PAIR = new RegExp(`(?:^|;)[ \\t]*${SESSION_COOKIE}[ \\t]*=`, "g");

/** The raw value as sent: percent-decoding is ours, so that a value that does not decode is refused, not passed on. */
const keepRaw = (value: string) => value;

function decodeStrictly(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

/**
 * The session token in a `Cookie` header, or null for anything that is not exactly one well-formed session cookie:
 * none, an empty value, a value that does not percent-decode (`%E0%A4%A`), a header or token over its bound, or
 * `lr_session` sent more than once. The last is ambiguous (`cookie` keeps the first of a repeated name, Next.js's
 * `cookies()` the last, and a sibling subdomain can plant one with `Domain=`), so neither is believed.
 */
export function readSessionCookie(cookieHeader: string | null): string | null {
  if (!cookieHeader || cookieHeader.length > MAX_COOKIE_HEADER_LENGTH) return null;
  const raw = parseCookie(cookieHeader, { decode: keepRaw })[SESSION_COOKIE];
  if (!raw || raw.length > MAX_ACCESS_TOKEN_LENGTH) return null;
  if ((cookieHeader.match(SESSION_COOKIE_PAIR) ?? []).length !== 1) return null;
  const token = decodeStrictly(raw);
  return token && token.length <= MAX_ACCESS_TOKEN_LENGTH ? token : null;
}
