import { z } from "zod";

const envSchema = z.object({
  KIE_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  KIE_SIM_HOST: z.string().min(1).default("127.0.0.1"),
  KIE_SIM_API_KEY: z.string().min(1).optional(),
  KIE_SIM_HMAC_KEY: z.string().min(1).optional(),
  KIE_SIM_TIME_SCALE: z.coerce.number().positive().default(1),
  KIE_SIM_PUBLIC_BASE_URL: z.url().optional(),
  /** waiting → success over this many ms (default 1500 × time scale). */
  KIE_SIM_RENDER_DELAY_MS: z.coerce.number().int().min(0).optional(),
  /** Long side of rendered photos in px (default 1024). */
  KIE_SIM_PHOTO_LONG_SIDE: z.coerce.number().int().min(16).max(4096).optional(),
  /** "false" turns off the 1/5/15-minute callback retries. */
  KIE_SIM_CALLBACK_RETRIES: z.enum(["true", "false"]).default("true"),
});

export type SimulatorEnv = z.infer<typeof envSchema>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): SimulatorEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid KIE simulator environment: ${JSON.stringify(z.flattenError(parsed.error).fieldErrors)}`);
  }
  return parsed.data;
}
