// A webhook server process for the intake bench: `BENCH_WEBHOOK_MODE=ours|naive|naive-unlimited`, configured by the
// usual server variables. Prints `listening <url>`; SIGTERM closes it.
import { createAppServices } from "@lensroom/api";

import { createKieWebhookHandler } from "../../packages/api/src/http/kie-webhook";
import { serveFetchHandler } from "../../packages/api/src/testing/serve-fetch-handler";
import { createKieClient } from "../../packages/kie/src/client";
import { createNaiveWebhookHandler } from "./naive-webhook";

const mode = process.env.BENCH_WEBHOOK_MODE ?? "ours";
const base = await createAppServices({ supervise: false, poolSize: 10 });
// "naive-unlimited": no client-side KIE limit (the simulator's is lifted too), to show the round-trip cost alone.
const services =
  mode === "naive-unlimited"
    ? {
        ...base,
        kie: createKieClient({
          baseUrl: base.env.KIE_BASE_URL,
          apiKey: base.env.KIE_API_KEY,
          limits: { status: { limit: 1_000_000, windowMs: 1_000 }, maxQueue: 100_000 },
        }),
      }
    : base;
const handler = mode === "ours" ? createKieWebhookHandler(async () => services) : createNaiveWebhookHandler(services);
const server = await serveFetchHandler(handler);
console.log(`listening ${server.url}`);

process.on("SIGTERM", () => {
  void server
    .close()
    .then(() => base.close())
    .finally(() => process.exit(0));
});
