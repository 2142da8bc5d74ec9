import { adminRouter } from "@lensroom/api/admin";
import { createServerTRPC } from "@lensroom/app-shell/trpc-server";

/** Server components prefetch through `trpc` (the admin router, in process) and hand it over in `HydrateClient`. */
export const { trpc, getQueryClient, HydrateClient } = createServerTRPC(adminRouter);
