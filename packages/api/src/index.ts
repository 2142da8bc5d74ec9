import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import { appRouter, type AppRouter } from "./root";
import { createCallerFactory } from "./trpc";

export { appRouter, type AppRouter };
export { createTRPCContext, type TRPCContext } from "./trpc";
export { createAppServices, getAppServices, type AppServices } from "./app-services";
export { signInMethods } from "./auth/sign-in-methods";
export type { LibraryItem, NoPreviewReason } from "./services/library-item";
export type { PublicGenerationStatus } from "./rules/generation-status";

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Call procedures directly, e.g. in tests: `createCaller(await createTRPCContext(...))`. */
export const createCaller = createCallerFactory(appRouter);
