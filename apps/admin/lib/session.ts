import { getAppServices } from "@lensroom/api";
import { identityFromHeaders } from "@lensroom/api/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

export const currentIdentity = cache(async () => {
  // Read the request first: it marks the render dynamic, so a build never starts the services (no database needed).
  const requestHeaders = await headers();
  const services = await getAppServices();
  return identityFromHeaders(requestHeaders, services.tokens);
});

/** Anonymous → sign-in; signed in but not staff → `{ staff: false }` so the page can answer 403. */
export async function requireStaff(nextPath: string) {
  const identity = await currentIdentity();
  if (!identity) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return { identity, staff: identity.role === "staff" };
}
