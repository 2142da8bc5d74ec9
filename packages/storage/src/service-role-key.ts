import { z } from "zod";

/** What a configured SUPABASE_SERVICE_ROLE_KEY actually is, when it is not a service-role key. */
export type WrongKeyKind = "anon" | "publishable" | "other";

const jwtPayload = z.looseObject({ role: z.string() });

/**
 * Whether a key can be the service-role key: a legacy JWT whose `role` claim is `service_role`, or a new
 * `sb_secret_` key. The anon JWT and the publishable key read as a missing bucket (their RLS hides buckets), which
 * is why the key is judged by what it is rather than by the server's answer. Null when it can be.
 */
export function wrongServiceRoleKey(key: string): WrongKeyKind | null {
  if (key.startsWith("sb_secret_")) return null;
  if (key.startsWith("sb_publishable_")) return "publishable";
  const parts = key.split(".");
  if (parts.length !== 3) return "other";
  try {
    const payload = jwtPayload.safeParse(JSON.parse(Buffer.from(parts[1] ?? "", "base64url").toString("utf8")));
    if (!payload.success) return "other";
    if (payload.data.role === "service_role") return null;
    return payload.data.role === "anon" ? "anon" : "other";
  } catch {
    return "other";
  }
}

/** Start-up refuses the keys that are certainly not the service-role key; an unrecognised key is left to the server. */
export function certainlyWrongKeyMessage(key: string): string | null {
  const kind = wrongServiceRoleKey(key);
  if (kind !== "anon" && kind !== "publishable") return null;
  return `wrong key: this is the ${kind === "anon" ? "anon" : "publishable"} key; use the service_role (secret) key from the Supabase project's Settings → API keys`;
}
