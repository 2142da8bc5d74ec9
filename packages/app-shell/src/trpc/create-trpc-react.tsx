import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AnyTRPCRouter } from "@trpc/server";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";

import { getBrowserQueryClient } from "./browser-query-client";

/** A router whose `initTRPC` set a transformer (ours is superjson): the links must send the same one. */
type SuperjsonRouter = AnyTRPCRouter & { _def: { _config: { $types: { transformer: true } } } };

/**
 * The React side of one app's tRPC router: hooks typed from `TRouter` and a provider that talks to the app's own
 * `/api/trpc` with superjson and the session cookie. Call it once, at module level, in a "use client" file.
 */
export function createTRPCReact<TRouter extends SuperjsonRouter>() {
  const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<TRouter>();

  function TRPCReactProvider({ children }: { children: ReactNode }) {
    const queryClient = getBrowserQueryClient();
    const [trpcClient] = useState(() =>
      createTRPCClient<TRouter>({
        links: [
          httpBatchLink<SuperjsonRouter>({
            url: "/api/trpc",
            transformer: superjson,
            fetch: (url, options) => fetch(url, { ...options, credentials: "include" }),
          }),
        ],
      }),
    );
    return (
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    );
  }

  return { TRPCReactProvider, useTRPC, useTRPCClient };
}
