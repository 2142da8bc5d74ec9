import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

/** Secrets a local (embedded) system needs; generated once per checkout and kept out of git under `.data/`. */
export const LOCAL_SECRET_NAMES = ["KIE_CALLBACK_SECRET", "AUTH_JWT_SECRET", "KIE_API_KEY", "INTERNAL_API_TOKEN"] as const;
type LocalSecretName = (typeof LOCAL_SECRET_NAMES)[number];
export type LocalSecrets = Record<LocalSecretName, string>;

const secretsFileSchema = z.record(z.string(), z.string());

export function generateSecrets(): LocalSecrets {
  const make = () => randomBytes(32).toString("base64url");
  return {
    KIE_CALLBACK_SECRET: make(),
    AUTH_JWT_SECRET: make(),
    KIE_API_KEY: `sim-${randomBytes(16).toString("hex")}`,
    INTERNAL_API_TOKEN: make(),
  };
}

/**
 * Read `file` (creating it, mode 0600, with fresh random values for anything missing) and return the secrets,
 * with values already present in `env` taking precedence.
 */
export async function ensureLocalSecrets(file: string, env: Record<string, string | undefined>): Promise<LocalSecrets> {
  let stored: Record<string, string> = {};
  if (existsSync(file)) {
    const parsed = secretsFileSchema.safeParse(JSON.parse(await fs.readFile(file, "utf8")));
    if (!parsed.success) throw new Error(`${file} is not a JSON object of strings; delete it to regenerate`);
    stored = parsed.data;
  }
  const fresh = generateSecrets();
  let changed = false;
  const persisted = { ...stored };
  for (const name of LOCAL_SECRET_NAMES) {
    if (!persisted[name]) {
      persisted[name] = fresh[name];
      changed = true;
    }
  }
  if (changed) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${JSON.stringify(persisted, null, 2)}\n`, { mode: 0o600 });
  }
  const result = {} as LocalSecrets;
  for (const name of LOCAL_SECRET_NAMES) result[name] = env[name] || (persisted[name] as string);
  return result;
}
