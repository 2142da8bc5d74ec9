import { appRouter } from "@lensroom/api";
import { createServerTRPC } from "@lensroom/app-shell/trpc-server";

/** Server components prefetch through `trpc` (the web router, in process) and hand it over in `HydrateClient`. */
export const { trpc, getQueryClient, HydrateClient } = createServerTRPC(appRouter);
