/** The `?error=` codes the sign-in routes send back; each has a message under `signIn.errors`. */
export const SIGN_IN_ERRORS = ["credentials", "invalid", "unavailable"] as const;
export type SignInError = (typeof SIGN_IN_ERRORS)[number];

export type SignInSearchParams = Record<string, string | string[] | undefined>;

/** A `next` parameter that stays on this site (`/path`, never `//host` or `/\host`), else `fallback`. */
export function safeNext(value: unknown, fallback: string): string {
  return typeof value === "string" && /^\/[^/\\]/.test(value) ? value : fallback;
}

/** A known error code from the query string, or null for anything else. */
export function signInError(value: unknown): SignInError | null {
  return SIGN_IN_ERRORS.find((e) => e === value) ?? null;
}
