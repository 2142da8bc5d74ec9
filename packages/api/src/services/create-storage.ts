import { createStorageDriver } from "@lensroom/storage";

import type { ServerEnv } from "../env";

/** Supabase Storage when configured, else the local filesystem driver served by the web app. */
export const createStorage = (env: Pick<ServerEnv, "storage">) => createStorageDriver(env.storage);
