import path from "node:path";

import { loadEnvFile } from "./load-env-file";
import { ensureLocalSecrets, LOCAL_SECRET_NAMES } from "./local-secrets";

/**
 * The environment of a local run: the process environment, then `.env` (never overriding), then generated local
 * secrets from `<dataDir>/secrets.json` for whatever is still unset. KIE's key and HMAC secret are generated only
 * when the local simulator is used (KIE_BASE_URL unset): a real KIE account needs its own.
 */
export async function localEnv(rootDir: string, dataDir: string, env: NodeJS.ProcessEnv = process.env) {
  const loaded = loadEnvFile(path.join(rootDir, ".env"), env);
  const secrets = await ensureLocalSecrets(path.join(dataDir, "secrets.json"), env);
  const external = Boolean(env.KIE_BASE_URL);
  const generated: string[] = [];
  for (const name of LOCAL_SECRET_NAMES) {
    if (env[name]) continue;
    if (external && (name === "KIE_API_KEY" || name === "KIE_CALLBACK_SECRET")) continue;
    env[name] = secrets[name];
    generated.push(name);
  }
  return { loadedFromDotEnv: loaded, secretsFromDataDir: generated };
}
