import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";

import type { AppServices } from "./app-services";
import type { Identity } from "./auth/identity";
import { identityFromHeaders } from "./auth/request-identity";

export interface TRPCContext {
  services: AppServices;
  identity: Identity | null;
  headers: Headers;
}

/** Build a request's context: the process services and the verified caller (or null). */
export async function createTRPCContext(opts: { headers: Headers; services: AppServices }): Promise<TRPCContext> {
  const identity = await identityFromHeaders(opts.headers, opts.services.tokens);
  return { services: opts.services, identity, headers: opts.headers };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
    },
  }),
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure;

/** A signed-in caller; `ctx.identity` is narrowed to non-null. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.identity) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, identity: ctx.identity } });
});

/** Staff only: anyone else signed in gets FORBIDDEN. */
export const staffProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.identity.role !== "staff") throw new TRPCError({ code: "FORBIDDEN", message: "Staff only" });
  return next({ ctx });
});
