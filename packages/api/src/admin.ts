import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { adminRouter as adminProcedures } from "./routers/admin";
import { createCallerFactory, createTRPCRouter, publicProcedure } from "./trpc";

/** The staff app's API, mounted only in apps/admin. */
export const adminRouter = createTRPCRouter({
  me: publicProcedure.query(({ ctx }) => ctx.identity),
  admin: adminProcedures,
});

export type AdminRouter = typeof adminRouter;
export type AdminRouterInputs = inferRouterInputs<AdminRouter>;
export type AdminRouterOutputs = inferRouterOutputs<AdminRouter>;
export const createAdminCaller = createCallerFactory(adminRouter);
