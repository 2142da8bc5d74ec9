import path from "node:path";

import { TEST_SECRETS } from "@lensroom/api/testing";
import { z } from "zod";

import { startChild } from "./child";
import { ROOT_DIR } from "./report";

const rateCounts = z.object({ accepted: z.number(), rejected: z.number(), tightestSpanMs: z.number().nullable(), lastRefusal: z.array(z.number()).nullable() });
const rateLimitsReply = z.object({ ok: z.literal(true), create: rateCounts, status: rateCounts, eventLoopDelayMaxMs: z.number() });
const taskReply = z.object({ ok: z.literal(true), task: z.object({ state: z.string(), files: z.array(z.object({ url: z.string() })) }) });
const faultReply = z.object({ ok: z.literal(true), id: z.number() });

/**
 * The KIE simulator in its own process, driven over its `/__sim/` control API: for benchmarks where KIE's clock
 * matters. In-process, it stamps requests on the bench's event loop, which also serves the test files, and a stall
 * there makes requests sent apart look bunched (a 429 that real KIE would not send).
 */
export async function startSimulatorProcess(options: { renderDelayMs: number; photoLongSide: number; callbackRetries: boolean }) {
  const child = startChild(path.join(ROOT_DIR, "apps/kie-simulator/src/main.ts"), {
    KIE_SIM_PORT: "0",
    KIE_SIM_API_KEY: TEST_SECRETS.KIE_API_KEY,
    KIE_SIM_HMAC_KEY: TEST_SECRETS.KIE_CALLBACK_SECRET,
    KIE_SIM_RENDER_DELAY_MS: String(options.renderDelayMs),
    KIE_SIM_PHOTO_LONG_SIDE: String(options.photoLongSide),
    KIE_SIM_CALLBACK_RETRIES: String(options.callbackRetries),
  });
  const line = await child.waitForLine(/listening on http/, 60_000);
  const url = /listening on (http:\/\/\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`simulator did not say where it listens: ${line}`);
  const control = async (method: string, route: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${url}/__sim/${route}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    return response.json();
  };
  return {
    url,
    faults: {
      set: async (input: Record<string, unknown>) => faultReply.parse(await control("POST", "faults", input)).id,
      /** The control API clears every fault at once; the benchmarks that use this set one at a time. */
      remove: async () => void (await control("DELETE", "faults")),
    },
    task: async (taskId: string) => taskReply.parse(await control("GET", `tasks/${encodeURIComponent(taskId)}`)).task,
    rateLimitCounts: async () => {
      const reply = rateLimitsReply.parse(await control("GET", "rate-limits"));
      return { create: reply.create, status: reply.status, eventLoopDelayMaxMs: reply.eventLoopDelayMaxMs };
    },
    /** Count 429s, spans and the simulator's event-loop delay from now on. */
    resetRateLimitCounts: async () => void (await control("DELETE", "rate-limits")),
    stop: () => child.stop(5_000),
  };
}
