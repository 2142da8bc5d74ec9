import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import { certainlyWrongKeyMessage } from "./service-role-key";
import type { StorageConfig } from "./storage-config";

const blankToUndefined = (value: unknown): unknown => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const storageEnvSchema = z
  .object({
    SUPABASE_URL: optional(z.url({ protocol: /^https?$/ })),
    SUPABASE_SERVICE_ROLE_KEY: optional(z.string().min(20)),
    STORAGE_LOCAL_DIR: optional(z.string()),
    STORAGE_PUBLIC_BASE_URL: optional(z.url({ protocol: /^https?$/ })),
  })
  .refine((env) => (env.SUPABASE_URL === undefined) === (env.SUPABASE_SERVICE_ROLE_KEY === undefined), {
    message: "set both SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY (Supabase storage) or neither (local storage)",
    path: ["SUPABASE_SERVICE_ROLE_KEY"],
  })
  .superRefine((env, ctx) => {
    const wrongKey = env.SUPABASE_SERVICE_ROLE_KEY === undefined ? null : certainlyWrongKeyMessage(env.SUPABASE_SERVICE_ROLE_KEY);
    if (wrongKey) ctx.addIssue({ code: "custom", message: wrongKey, path: ["SUPABASE_SERVICE_ROLE_KEY"] });
  });

export const DEFAULT_PUBLIC_BASE_URL = "http://localhost:3000/storage/v1/object/public";

/**
 * Reads the storage settings: SUPABASE_URL + SUPABASE_SERVICE_ROLE_KEY select Supabase; otherwise files under
 * STORAGE_LOCAL_DIR (default `<repo>/.data/storage`) served at STORAGE_PUBLIC_BASE_URL. Throws a readable error.
 */
export function readStorageEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): StorageConfig {
  const parsed = storageEnvSchema.safeParse(source);
  if (!parsed.success) {
    const { formErrors, fieldErrors } = z.flattenError(parsed.error);
    const lines = [...formErrors, ...Object.entries(fieldErrors).map(([key, errors]) => `${key}: ${errors?.join("; ")}`)];
    throw new Error(`Invalid storage environment:\n  ${lines.join("\n  ")}`);
  }
  const env = parsed.data;
  if (env.SUPABASE_URL !== undefined && env.SUPABASE_SERVICE_ROLE_KEY !== undefined) {
    return { driver: "supabase", url: env.SUPABASE_URL, serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY };
  }
  return {
    driver: "local",
    rootDir: resolve(cwd, env.STORAGE_LOCAL_DIR ?? join(findRepoRoot(cwd), ".data", "storage")),
    publicBaseUrl: env.STORAGE_PUBLIC_BASE_URL ?? DEFAULT_PUBLIC_BASE_URL,
  };
}

/** The nearest folder holding pnpm-workspace.yaml (apps run from their own folder), else `cwd`. */
function findRepoRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}
