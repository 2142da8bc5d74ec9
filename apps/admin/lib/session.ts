import { requireIdentity } from "@lensroom/app-shell/session";

/** Anonymous → sign-in; signed in but not staff → `{ staff: false }` so the page can answer 403. */
export async function requireStaff(nextPath: string) {
  const identity = await requireIdentity(nextPath);
  return { identity, staff: identity.role === "staff" };
}
