import { generations } from "@lensroom/db";
import type { TestDatabase } from "@lensroom/db/testing";
import { startKieSimulator, type KieSimulatorOptions } from "@lensroom/kie-simulator";
import { eq } from "drizzle-orm";
import { inject } from "vitest";

import { createCaller } from "../src";
import { createKieWebhookHandler } from "../src/http/kie-webhook";
import { startWorkers } from "../src/jobs/worker";
import { createTestServices, TEST_SECRETS } from "../src/testing";
import { serveFetchHandler } from "../src/testing/serve-fetch-handler";
import { createTRPCContext } from "../src/trpc";
import { waitFor } from "./helpers";

/**
 * The whole system minus the browser, on real parts: a fresh database, the KIE simulator over HTTP, the webhook
 * handler on a real port (the callback URL), and in-process workers.
 */
export async function startPipeline(
  options: { simulator?: KieSimulatorOptions; env?: Record<string, string>; workers?: boolean; database?: TestDatabase } = {},
) {
  const simulator = await startKieSimulator({
    port: 0,
    apiKey: TEST_SECRETS.KIE_API_KEY,
    hmacKey: TEST_SECRETS.KIE_CALLBACK_SECRET,
    renderDelayMs: 300,
    ...options.simulator,
  });
  let handler: ((r: Request) => Promise<Response>) | null = null;
  const webhook = await serveFetchHandler((request) => (handler ? handler(request) : Promise.resolve(new Response(null, { status: 503 }))));
  const env = await createTestServices({
    adminUrl: inject("pgAdminUrl"),
    template: inject("pgTemplate"),
    kieBaseUrl: simulator.url,
    publicWebUrl: webhook.url,
    env: options.env,
    database: options.database,
  });
  handler = createKieWebhookHandler(async () => env.services);
  const workers = options.workers === false ? null : await startWorkers(env.services, { concurrency: 2 });

  const callerFor = async (userId: string) => {
    const ctx = await createTRPCContext({ services: env.services, headers: new Headers() });
    return createCaller({ ...ctx, identity: { userId, email: null, role: "user" } });
  };

  /** The generation row `id`, as stored now. */
  const row = async (id: string) => (await env.services.db.select().from(generations).where(eq(generations.id, id)))[0];
  /** Waits until generation `id` has ended (success, failed or expired) and its media is no longer pending. */
  const settled = (id: string, timeoutMs = 30_000) =>
    waitFor(
      async () => {
        const r = await row(id);
        return r && ["success", "failed", "expired"].includes(r.status) && r.mediaStatus !== "pending" ? r : null;
      },
      timeoutMs,
      "generation to settle",
    );

  return {
    ...env,
    simulator,
    webhookUrl: webhook.url,
    /** The workers' `/metrics` server (null unless `env` sets METRICS_PORT). */
    metricsUrl: workers?.metricsUrl ?? null,
    callerFor,
    row,
    settled,
    async stop() {
      await workers?.stop();
      await env.services.close();
      await webhook.close();
      await simulator.close();
    },
  };
}

export type Pipeline = Awaited<ReturnType<typeof startPipeline>>;
