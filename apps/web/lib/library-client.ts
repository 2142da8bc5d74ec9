import type { AppRouter } from "@lensroom/api";
import { createBrowserTRPCClient } from "@lensroom/app-shell/trpc-browser-client";

let client: ReturnType<typeof createBrowserTRPCClient<AppRouter>> | undefined;

/**
 * The library page's API client, without React Query: imported lazily by what needs it (the next page, live status,
 * the lightbox's details and delete), so the first screen loads none of tRPC or superjson.
 */
export function libraryClient() {
  return (client ??= createBrowserTRPCClient<AppRouter>());
}
