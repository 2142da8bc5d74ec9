"use client";

import type { AppRouter } from "@lensroom/api";
import { createTRPCReact } from "@lensroom/app-shell/trpc-client";

const trpcReact = createTRPCReact<AppRouter>();

export const TRPCReactProvider = trpcReact.TRPCReactProvider;
export const useTRPC = trpcReact.useTRPC;
export const useTRPCClient = trpcReact.useTRPCClient;
