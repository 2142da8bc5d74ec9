import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { adminBulkRouter } from "./routers/admin/bulk";
import { adminGenerationsRouter } from "./routers/admin/generations";
import { adminHealthRouter } from "./routers/admin/health";
import { adminWebhooksRouter } from "./routers/admin/webhooks";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "./trpc";

/** The staff app's API, mounted only in apps/admin. Every procedure but `me` is staff-only. */
export const adminRouter = createTRPCRouter({
  me: publicProcedure.query(({ ctx }) => ctx.identity),
  health: adminHealthRouter,
  generations: adminGenerationsRouter,
  bulk: adminBulkRouter,
  webhooks: adminWebhooksRouter,
});

export type AdminRouter = typeof adminRouter;
export type AdminRouterInputs = inferRouterInputs<AdminRouter>;
export type AdminRouterOutputs = inferRouterOutputs<AdminRouter>;
export const createAdminCaller = createCallerFactory(adminRouter);
