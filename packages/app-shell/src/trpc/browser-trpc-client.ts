import { createTRPCClient, httpBatchLink, type TRPCClient } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import superjson from "superjson";

/** A router whose `initTRPC` set a transformer (ours is superjson): the links must send the same one. */
export type SuperjsonRouter = AnyTRPCRouter & { _def: { _config: { $types: { transformer: true } } } };

/**
 * A plain (no React Query) client of the app's own `/api/trpc`, with superjson and the session cookie. Pages that only
 * call the API on demand import it lazily, so its code is not part of their first load.
 */
export function createBrowserTRPCClient<TRouter extends SuperjsonRouter>(): TRPCClient<TRouter> {
  return createTRPCClient<TRouter>({
    links: [
      httpBatchLink<SuperjsonRouter>({
        url: "/api/trpc",
        transformer: superjson,
        fetch: (url, options) => fetch(url, { ...options, credentials: "include" }),
      }),
    ],
  });
}
