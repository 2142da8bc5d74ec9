import { createTRPCContext, getAppServices } from "@lensroom/api";
import { adminRouter } from "@lensroom/api/admin";
import { makeQueryClient } from "@lensroom/app-shell/query-client";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache, type ReactNode } from "react";

export const getQueryClient = cache(makeQueryClient);

const createContext = cache(async () =>
  createTRPCContext({ headers: new Headers(await headers()), services: await getAppServices() }),
);

/** Server-side options proxy over the admin router (in process, no HTTP hop). */
export const trpc = createTRPCOptionsProxy({ ctx: createContext, router: adminRouter, queryClient: getQueryClient });

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
