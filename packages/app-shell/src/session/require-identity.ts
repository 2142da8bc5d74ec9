import { redirect } from "next/navigation";

import { currentIdentity } from "./current-identity";

/** The signed-in identity; anyone else is sent to the sign-in page and brought back to `nextPath`. */
export async function requireIdentity(nextPath: string) {
  const identity = await currentIdentity();
  if (!identity) redirect(`/sign-in?next=${encodeURIComponent(nextPath)}`);
  return identity;
}
