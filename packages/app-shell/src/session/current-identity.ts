import { getAppServices } from "@lensroom/api";
import { identityFromHeaders } from "@lensroom/api/auth";
import { headers } from "next/headers";
import { cache } from "react";

/** Who is signed in for this request (verified token from the cookie or bearer header), or null. */
export const currentIdentity = cache(async () => {
  // Read the request first: it marks the render dynamic, so a build never starts the services (no database needed).
  const requestHeaders = await headers();
  const services = await getAppServices();
  return identityFromHeaders(requestHeaders, services.tokens);
});
