import { TRPCClientError } from "@trpc/client";

/** The tRPC error code of a failed call (`CONFLICT`, `FORBIDDEN`, …), when it is one. */
export function trpcErrorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  return typeof data === "object" && data !== null && "code" in data && typeof data.code === "string" ? data.code : undefined;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
