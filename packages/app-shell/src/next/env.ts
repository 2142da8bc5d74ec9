import { z } from "zod";

const NextShellEnv = z.object({
  /** A separate build folder (e.g. `pnpm lighthouse`, a check build) instead of replacing one a running server uses. */
  NEXT_DIST_DIR: z
    .string()
    .regex(/^\.?[\w.-]+$/, "a folder name inside the app, such as .next-lighthouse")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});
export type NextShellEnv = z.infer<typeof NextShellEnv>;

export function parseNextShellEnv(env: Record<string, string | undefined> = process.env): NextShellEnv {
  const parsed = NextShellEnv.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid Next app environment: ${JSON.stringify(z.flattenError(parsed.error).fieldErrors)}`);
  }
  return parsed.data;
}
