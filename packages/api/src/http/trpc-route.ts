import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { AnyTRPCRouter } from "@trpc/server";

import type { AppServices } from "../app-services";
import { getLogger } from "../log/logger";
import { createTRPCContext } from "../trpc";

/** The tRPC fetch adapter for a Next.js route at `/api/trpc/[trpc]`. */
export function createTrpcHandler(router: AnyTRPCRouter, getServices: () => Promise<AppServices>) {
  return async function handleTrpc(request: Request): Promise<Response> {
    const services = await getServices();
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      router,
      req: request,
      createContext: () => createTRPCContext({ headers: request.headers, services }),
      onError: ({ path, error }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") getLogger().error({ component: "trpc", path: path ?? "?", err: error.message }, "procedure failed");
      },
    });
  };
}
