import { getAppServices } from "@lensroom/api";
import { identityFromHeaders } from "@lensroom/api/auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

/** Who is signed in for this request (verified token from the cookie or bearer header), or null. */
export const currentIdentity = cache(async () => {
  const services = await getAppServices();
  return identityFromHeaders(await headers(), services.tokens);
});

/** The signed-in identity; anyone else is sent to the sign-in page and brought back to `nextPath`. */
export async function requireIdentity(nextPath: string) {
  const identity = await currentIdentity();
  if (!identity) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return identity;
}
