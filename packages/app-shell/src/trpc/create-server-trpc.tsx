import { createTRPCContext, getAppServices, type TRPCContext } from "@lensroom/api";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { AnyTRPCRouter } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";

import { makeQueryClient } from "./make-query-client";

/** A router built on our `initTRPC` (its procedures read `TRPCContext`). */
type ServerRouter = AnyTRPCRouter & { _def: { _config: { $types: { ctx: TRPCContext } } } };

/**
 * The server side of one app's tRPC router, for server components: a per-request query client, an options proxy
 * that calls `router` in process (no HTTP hop) with the request's identity, and `HydrateClient` to hand what was
 * prefetched to the client; `getContext` (the same per-request context) for a direct caller. Call it once, at
 * module level, in the app's `trpc/server.tsx`.
 */
export function createServerTRPC<TRouter extends ServerRouter>(router: TRouter) {
  /** One query client per server request. */
  const getQueryClient = cache(makeQueryClient);
  const createContext = cache(async () => createTRPCContext({ headers: new Headers(await headers()), services: await getAppServices() }));
  const trpc = createTRPCOptionsProxy<TRouter>({ ctx: createContext, router, queryClient: getQueryClient });

  function HydrateClient({ children }: { children: ReactNode }) {
    return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
  }

  return { trpc, getQueryClient, HydrateClient, getContext: createContext };
}
