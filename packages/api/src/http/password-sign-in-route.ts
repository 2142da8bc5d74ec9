import { z } from "zod";

import type { AppServices } from "../app-services";
import { verifyAccessToken } from "../auth/tokens";
import { json } from "./json-response";
import { NEXT_PATH, signedInRedirect } from "./session-cookie";

const formSchema = z.object({
  email: z.email("Enter a valid email address").max(200),
  password: z.string().min(1, "Enter your password").max(500),
  next: z.string().regex(NEXT_PATH).max(200).optional(),
});

const tokenReply = z.object({ access_token: z.string().min(20), expires_in: z.number().int().positive() });

/** Back to the sign-in page with a reason the page can show (the form posts natively, without JavaScript). */
const backToSignIn = (request: Request, error: string, next?: string) =>
  new Response(null, {
    status: 303,
    headers: { location: `/sign-in?error=${error}${next ? `&next=${encodeURIComponent(next)}` : ""}` },
  });

/**
 * Production sign-in: email + password checked by the project's Supabase Auth (password grant, server to server,
 * 10 s timeout). The access token it returns is verified like any other and kept in the httpOnly session cookie,
 * so it never reaches page scripts. Needs SUPABASE_URL and SUPABASE_ANON_KEY.
 */
export function createPasswordSignInHandler(getServices: () => Promise<Pick<AppServices, "env" | "tokens">>, fetcher: typeof fetch = fetch) {
  return async function handlePasswordSignIn(request: Request): Promise<Response> {
    const { env, tokens } = await getServices();
    if (!env.SUPABASE_URL || !env.SUPABASE_ANON_KEY) return json(404, { error: "Password sign-in needs SUPABASE_URL and SUPABASE_ANON_KEY" });
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });
    const form = Object.fromEntries((await request.formData().catch(() => new FormData())).entries());
    const parsed = formSchema.safeParse(form);
    if (!parsed.success) return backToSignIn(request, "invalid");

    const reply = await fetcher(new URL("/auth/v1/token?grant_type=password", env.SUPABASE_URL), {
      method: "POST",
      headers: { apikey: env.SUPABASE_ANON_KEY, "content-type": "application/json" },
      body: JSON.stringify({ email: parsed.data.email, password: parsed.data.password }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    if (!reply) return backToSignIn(request, "unavailable", parsed.data.next);
    if (reply.status === 400 || reply.status === 401) return backToSignIn(request, "credentials", parsed.data.next);
    const body = tokenReply.safeParse(await reply.json().catch(() => null));
    if (!reply.ok || !body.success) return backToSignIn(request, "unavailable", parsed.data.next);

    try {
      await verifyAccessToken(body.data.access_token, tokens);
    } catch {
      return backToSignIn(request, "unavailable", parsed.data.next);
    }
    return signedInRedirect(request, parsed.data.next, body.data.access_token, body.data.expires_in);
  };
}
