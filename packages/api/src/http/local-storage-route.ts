import { serveLocalObject } from "@lensroom/storage/serve";

import type { AppServices } from "../app-services";
import { localStorageDir } from "../services/create-storage";
import { json } from "./json-response";

/** Serves the local bucket at Supabase's public URL layout; with Supabase Storage configured there is nothing here. */
export function createLocalStorageHandler(getServices: () => Promise<AppServices>) {
  return async function handleLocalStorage(request: Request, objectPath: string): Promise<Response> {
    const services = await getServices();
    if (services.storage.kind !== "local") return json(404, { error: "Objects are served by Supabase Storage" });
    return serveLocalObject({ rootDir: localStorageDir(services.env) }, request, objectPath);
  };
}
