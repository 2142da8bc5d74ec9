import { z } from "zod";

export const STAFF_ROLES = ["staff", "admin"] as const;

/** The verified caller. `role` is `staff` for staff and admins alike. */
export interface Identity {
  userId: string;
  email: string | null;
  role: "user" | "staff";
}

export const SESSION_COOKIE = "lr_session";

export const jwtClaimsSchema = z.object({
  sub: z.uuid(),
  /** Seconds since the epoch; jose has already checked it (it is a required claim). */
  exp: z.number(),
  email: z.string().optional(),
  role: z.string().optional(),
  app_metadata: z.object({ role: z.string().optional() }).loose().optional(),
});
