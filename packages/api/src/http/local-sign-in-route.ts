import { z } from "zod";

import type { AppServices } from "../app-services";
import { localUserId, mintAccessToken } from "../auth/tokens";
import { json } from "./json-response";
import { NEXT_PATH, signedInRedirect, signedOutRedirect } from "./session-cookie";

const formSchema = z.object({
  email: z.email("Enter a valid email address").max(200),
  staff: z.enum(["on", "true"]).optional(),
  next: z.string().regex(NEXT_PATH).max(200).optional(),
});

const TOKEN_TTL_SECONDS = 60 * 60 * 24 * 7;

/**
 * LOCAL-ONLY sign-in for the embedded mode: an email becomes a stable user id and a token signed with
 * AUTH_JWT_SECRET, set as an httpOnly cookie. Refused wherever local tokens are refused (NODE_ENV=production or
 * outside the embedded mode, unless AUTH_ALLOW_LOCAL_SIGN_IN=true): it never mints a token the verifier would reject.
 */
export function createLocalSignInHandler(getServices: () => Promise<Pick<AppServices, "env" | "tokens">>) {
  return async function handleLocalSignIn(request: Request): Promise<Response> {
    const services = await getServices();
    const local = services.tokens.local;
    if (!local) return json(404, { error: "Local sign-in is disabled here (production or not embedded mode)" });
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });
    const form = Object.fromEntries((await request.formData().catch(() => new FormData())).entries());
    const parsed = formSchema.safeParse(form);
    if (!parsed.success) return json(400, { error: parsed.error.issues[0]?.message ?? "Invalid sign-in" });

    const email = parsed.data.email.toLowerCase();
    // Self-declared staff only on a developer machine; elsewhere staff come from STAFF_USER_IDS.
    const role = parsed.data.staff && services.env.LENSROOM_MODE === "embedded" ? "staff" : "user";
    const token = await mintAccessToken({ userId: localUserId(email), email, role, expiresInSeconds: TOKEN_TTL_SECONDS }, { secret: local.secret });
    return signedInRedirect(request, parsed.data.next, token, TOKEN_TTL_SECONDS);
  };
}

export function handleSignOut(request: Request): Response {
  return signedOutRedirect(request);
}
