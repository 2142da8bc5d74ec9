import { serveLocalObject } from "@lensroom/storage/serve";

import type { AppServices } from "../app-services";
import { json } from "./json-response";

/** Serves the local bucket at Supabase's public URL layout; with Supabase Storage configured there is nothing here. */
export function createLocalStorageHandler(getServices: () => Promise<AppServices>) {
  return async function handleLocalStorage(request: Request, objectPath: string): Promise<Response> {
    const services = await getServices();
    const config = services.env.storage;
    if (config.driver !== "local") return json(404, { error: "Objects are served by Supabase Storage" });
    return serveLocalObject({ rootDir: config.rootDir }, request, objectPath);
  };
}
