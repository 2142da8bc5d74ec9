import { z } from "zod";

const port = z.coerce.number().int().min(1).max(65535);

/** The process-level settings of `pnpm dev` (the server part is checked by `parseServerEnv`). */
const schema = z.object({
  WEB_PORT: port.default(3000),
  ADMIN_PORT: port.default(3001),
  KIE_SIM_PORT: port.default(4010),
  LENSROOM_PG_PORT: port.default(54329),
  /** Where embedded Postgres, local storage and the generated secrets live. */
  LENSROOM_DATA_DIR: z.string().min(1).optional(),
  /** Which Next apps `pnpm dev` starts: comma-separated `web`, `admin` (default both; `none` for the back end only). */
  LENSROOM_DEV_APPS: z
    .string()
    .default("web,admin")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s && s !== "none"),
    )
    .pipe(z.array(z.enum(["web", "admin"]))),
  /** `dev` (Turbopack, default) or `start` (after `next build`). */
  LENSROOM_NEXT_MODE: z.enum(["dev", "start"]).default("dev"),
});

export type SystemConfig = z.infer<typeof schema>;

class ConfigError extends Error {
  readonly code = "CONFIG_INVALID";
}

export function parseSystemConfig(env: Record<string, string | undefined>): SystemConfig {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(blankless);
  if (!parsed.success) {
    const lines = Object.entries(z.flattenError(parsed.error).fieldErrors).map(([k, v]) => `  ${k}: ${v?.join("; ")}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join("\n")}`);
  }
  return parsed.data;
}
