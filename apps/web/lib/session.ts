import { getAppServices } from "@lensroom/api";
import { identityFromHeaders } from "@lensroom/api/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

/** Who is signed in for this request (verified token from the cookie or bearer header), or null. */
export const currentIdentity = cache(async () => {
  // Read the request first: it marks the render dynamic, so a build never starts the services (no database needed).
  const requestHeaders = await headers();
  const services = await getAppServices();
  return identityFromHeaders(requestHeaders, services.tokens);
});

/** The signed-in identity; anyone else is sent to the sign-in page and brought back to `nextPath`. */
export async function requireIdentity(nextPath: string) {
  const identity = await currentIdentity();
  if (!identity) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return identity;
}
