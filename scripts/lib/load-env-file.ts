import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";

/**
 * Load `.env` into `env` without overriding what is already set (the real environment wins).
 * Node's own dotenv parser reads the file (`util.parseEnv`); `process.loadEnvFile` is not used because it writes
 * only to `process.env` and callers pass their own `env`. Returns the names that were loaded.
 */
export function loadEnvFile(file: string, env: NodeJS.ProcessEnv = process.env): string[] {
  if (!existsSync(file)) return [];
  const loaded: string[] = [];
  for (const [key, value] of Object.entries(parseEnv(readFileSync(file, "utf8")))) {
    if (env[key] !== undefined) continue;
    env[key] = value;
    loaded.push(key);
  }
  return loaded;
}
