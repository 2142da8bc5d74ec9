import { appRouter, createTRPCContext, getAppServices } from "@lensroom/api";
import { makeQueryClient } from "@lensroom/app-shell/query-client";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";

/** One query client per server request. */
export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () =>
  createTRPCContext({ headers: new Headers(await headers()), services: await getAppServices() }),
);

/** Server-side options proxy: prefetch in server components, hydrate on the client. No HTTP hop. */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: appRouter, queryClient: getQueryClient });

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
