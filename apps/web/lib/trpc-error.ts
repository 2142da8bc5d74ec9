import { TRPCClientError } from "@trpc/client";

export interface FormErrorInfo {
  kind: "unauthorized" | "network" | "invalid" | "notFound" | "other";
  /** Field errors from the server's zod validation. */
  fields: Record<string, string[] | undefined>;
  message: string;
}

/** Classify an error from a tRPC call so the form can say something useful. */
export function describeTrpcError(error: unknown): FormErrorInfo {
  if (error instanceof TRPCClientError) {
    const data: unknown = error.data;
    const code = readString(data, "code");
    const zodError = data && typeof data === "object" && "zodError" in data ? data.zodError : null;
    const fields =
      zodError && typeof zodError === "object" && "fieldErrors" in zodError && zodError.fieldErrors && typeof zodError.fieldErrors === "object"
        ? (zodError.fieldErrors as Record<string, string[] | undefined>)
        : {};
    if (code === "UNAUTHORIZED") return { kind: "unauthorized", fields, message: error.message };
    if (code === "BAD_REQUEST") return { kind: "invalid", fields, message: error.message };
    if (code === "NOT_FOUND") return { kind: "notFound", fields, message: error.message };
    if (!code) return { kind: "network", fields, message: error.message };
    return { kind: "other", fields, message: error.message };
  }
  return { kind: "network", fields: {}, message: error instanceof Error ? error.message : String(error) };
}

function readString(value: unknown, key: string): string | undefined {
  if (!value || typeof value !== "object" || !(key in value)) return undefined;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === "string" ? field : undefined;
}
