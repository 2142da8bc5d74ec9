import { z } from "zod";

export const STAFF_ROLES = ["staff", "admin"] as const;

/** The verified caller. `role` is `staff` for staff and admins alike. */
export interface Identity {
  userId: string;
  email: string | null;
  role: "user" | "staff";
}

export const SESSION_COOKIE = "lr_session";

/**
 * The longest access token read from a request (cookie or bearer header): 8 KiB. A browser stores at most 4 KiB per
 * cookie, and a Supabase access token is about 1 KiB even with a full `app_metadata`, so twice the browser's limit
 * leaves room for any real token while a larger one is refused before it is decoded, parsed as JSON or hashed.
 */
export const MAX_ACCESS_TOKEN_LENGTH = 8_192;

export const jwtClaimsSchema = z.object({
  /** A user id is a uuid column: any other `sub`, even correctly signed, is no identity rather than a database error. */
  sub: z.uuid(),
  /** Seconds since the epoch; jose has already checked it (it is a required claim). */
  exp: z.number(),
  email: z.string().optional(),
  role: z.string().optional(),
  app_metadata: z.object({ role: z.string().optional() }).loose().optional(),
});
