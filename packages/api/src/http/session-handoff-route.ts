import { z } from "zod";

import type { AppServices } from "../app-services";
import { verifyAccessToken } from "../auth/tokens";
import { json } from "./json-response";
import { NEXT_PATH, signedInRedirect } from "./session-cookie";

const formSchema = z.object({
  access_token: z.string().min(20).max(8_192),
  next: z.string().regex(NEXT_PATH).max(200).optional(),
});

/** Seconds until a verified token's `exp`, read from its (already verified) payload. */
function secondsLeft(token: string): number {
  const payload = z.object({ exp: z.number() }).safeParse(JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")));
  return payload.success ? payload.data.exp - Math.floor(Date.now() / 1000) : 0;
}

/**
 * Session hand-over: a page of the old site (or any origin listed in AUTH_HANDOFF_ORIGINS) posts the Supabase
 * access token of a user it signed in its own way (Telegram users of the old site have no password to type here).
 * The token is verified like any other and kept in the httpOnly session cookie. Only listed origins may post, so a
 * foreign page cannot sign a visitor into someone else's account.
 */
export function createSessionHandoffHandler(getServices: () => Promise<Pick<AppServices, "env" | "tokens">>) {
  return async function handleSessionHandoff(request: Request): Promise<Response> {
    const { env, tokens } = await getServices();
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });
    const origin = request.headers.get("origin");
    const allowed = [new URL(env.PUBLIC_WEB_URL).origin, ...env.AUTH_HANDOFF_ORIGINS];
    if (!origin || !allowed.includes(origin)) return json(403, { error: "This origin may not hand over a session (AUTH_HANDOFF_ORIGINS)" });
    const form = Object.fromEntries((await request.formData().catch(() => new FormData())).entries());
    const parsed = formSchema.safeParse(form);
    if (!parsed.success) return json(400, { error: "Send access_token (and optionally next, a path on this site) as a form" });
    try {
      await verifyAccessToken(parsed.data.access_token, tokens);
    } catch {
      return new Response(null, {
        status: 303,
        headers: { location: `/sign-in?error=invalid${parsed.data.next ? `&next=${encodeURIComponent(parsed.data.next)}` : ""}` },
      });
    }
    return signedInRedirect(request, parsed.data.next ?? "/library", parsed.data.access_token, secondsLeft(parsed.data.access_token));
  };
}
