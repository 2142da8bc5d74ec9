import { getAppServices } from "@lensroom/api";
import { identityFromHeaders } from "@lensroom/api/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

export const currentIdentity = cache(async () => {
  const services = await getAppServices();
  return identityFromHeaders(await headers(), services.tokens);
});

/** Anonymous → sign-in; signed in but not staff → `{ staff: false }` so the page can answer 403. */
export async function requireStaff(nextPath: string) {
  const identity = await currentIdentity();
  if (!identity) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return { identity, staff: identity.role === "staff" };
}
