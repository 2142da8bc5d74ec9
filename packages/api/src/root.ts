import { libraryRouter } from "./routers/library";
import { studioRouter } from "./routers/studio";
import { createTRPCRouter, publicProcedure } from "./trpc";

/** The web app's API. */
export const appRouter = createTRPCRouter({
  me: publicProcedure.query(({ ctx }) => ctx.identity),
  studio: studioRouter,
  library: libraryRouter,
});

export type AppRouter = typeof appRouter;
