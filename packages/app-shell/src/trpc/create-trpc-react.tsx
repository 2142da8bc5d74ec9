import { QueryClientProvider } from "@tanstack/react-query";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";

import { getBrowserQueryClient } from "./browser-query-client";
import { createBrowserTRPCClient, type SuperjsonRouter } from "./browser-trpc-client";

/**
 * The React side of one app's tRPC router: hooks typed from `TRouter` and a provider that talks to the app's own
 * `/api/trpc` with superjson and the session cookie. Call it once, at module level, in a "use client" file.
 */
export function createTRPCReact<TRouter extends SuperjsonRouter>() {
  const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<TRouter>();

  function TRPCReactProvider({ children }: { children: ReactNode }) {
    const queryClient = getBrowserQueryClient();
    const [trpcClient] = useState(() => createBrowserTRPCClient<TRouter>());
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
