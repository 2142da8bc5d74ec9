"use client";

import { createTRPCReact } from "@lensroom/app-shell/trpc-client";
import type { AdminRouter } from "@lensroom/api/admin";

const trpcReact = createTRPCReact<AdminRouter>();

export const TRPCReactProvider = trpcReact.TRPCReactProvider;
export const useTRPC = trpcReact.useTRPC;
export const useTRPCClient = trpcReact.useTRPCClient;
