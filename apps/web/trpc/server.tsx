import { appRouter, createCaller } from "@lensroom/api";
import { createServerTRPC } from "@lensroom/app-shell/trpc-server";
import { cache } from "react";

/** Server components prefetch through `trpc` (the web router, in process) and hand it over in `HydrateClient`. */
const server = createServerTRPC(appRouter);
export const { trpc, getQueryClient, HydrateClient } = server;

/** Procedures called directly from server components (no query cache, nothing dehydrated): one caller per request. */
export const getCaller = cache(async () => createCaller(await server.getContext()));
