import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the parent of `scripts/`. */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
