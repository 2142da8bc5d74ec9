import type { AppServices } from "../app-services";

/** Which sign-in forms a deployment offers: the local one (embedded only) and/or Supabase email + password. */
export function signInMethods(services: Pick<AppServices, "env" | "tokens">) {
  return {
    local: Boolean(services.tokens.local),
    password: Boolean(services.env.SUPABASE_URL && services.env.SUPABASE_ANON_KEY),
  };
}
