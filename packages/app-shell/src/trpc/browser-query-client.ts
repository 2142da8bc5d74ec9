import type { QueryClient } from "@tanstack/react-query";

import { makeQueryClient } from "./make-query-client";

let browserQueryClient: QueryClient | undefined;

/** The server renders each request with a fresh client; the browser keeps one for the whole session. */
export function getBrowserQueryClient() {
  if (typeof window === "undefined") return makeQueryClient();
  return (browserQueryClient ??= makeQueryClient());
}
