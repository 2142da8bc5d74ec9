import { getAppServices } from "../app-services";
import { createKieWebhookHandler } from "./kie-webhook";
import { createLocalSignInHandler, handleSignOut } from "./local-sign-in-route";
import { createLocalStorageHandler } from "./local-storage-route";
import { createMetricsHandler } from "./metrics-route";
import { createPasswordSignInHandler } from "./password-sign-in-route";
import { createSessionHandoffHandler } from "./session-handoff-route";
import { createSyncTaskHandler } from "./sync-task-route";
import { createTrpcHandler } from "./trpc-route";

/** Route handlers bound to the process-wide services; each Next.js route file is one line. */
export const handleKieWebhook = createKieWebhookHandler(getAppServices);
export const handleSyncTask = createSyncTaskHandler(getAppServices);
export const handleLocalSignIn = createLocalSignInHandler(getAppServices);
export const handleLocalStorage = createLocalStorageHandler(getAppServices);
export const handlePasswordSignIn = createPasswordSignInHandler(getAppServices);
export const handleSessionHandoff = createSessionHandoffHandler(getAppServices);
export const handleMetrics = createMetricsHandler(getAppServices);
export { handleSignOut };
export const trpcHandlerFor = (router: Parameters<typeof createTrpcHandler>[0]) => createTrpcHandler(router, getAppServices);

export {
  createKieWebhookHandler,
  createSyncTaskHandler,
  createLocalSignInHandler,
  createPasswordSignInHandler,
  createSessionHandoffHandler,
  createLocalStorageHandler,
  createMetricsHandler,
  createTrpcHandler,
};
export { DOCTOR_PROBE_HEADER } from "./judge-callback";
