import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { handleApi } from "./api-routes";
import { fileUrlFor, newRateWindows, type SimContext } from "./context";
import { handleControl } from "./control-routes";
import { FaultController } from "./faults";
import { serveFile } from "./files";
import { BodyTooLargeError, sendJson } from "./http-io";
import { resolveOptions, type KieSimulatorOptions } from "./options";
import type { RateWindow } from "./rate-window";
import { Scheduler } from "./scheduler";
import { snapshotTask, type SimTaskSnapshot } from "./task";

export interface SimTasksView {
  get(taskId: string): SimTaskSnapshot | undefined;
  list(): SimTaskSnapshot[];
}

export interface KieSimulator {
  url: string;
  close(): Promise<void>;
  faults: FaultController;
  tasks: SimTasksView;
  /** Requests the rate limits let through and refused with 429 since start (not counted while limits are lifted). */
  rateLimitCounts(): Record<"create" | "status", RateWindow["counts"]>;
}

async function route(ctx: SimContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sim.invalid");
  const file = /^\/files\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (file?.[1] && file[2] && (req.method === "GET" || req.method === "HEAD")) {
    return serveFile(ctx, req, res, decodeURIComponent(file[1]), file[2], url.searchParams.get("dl"));
  }
  if (await handleApi(ctx, req, res, url)) return;
  if (await handleControl(ctx, req, res, url)) return;
  sendJson(res, 404, { code: 404, msg: "Not Found", data: null });
}

/** Start a local HTTP server that speaks KIE's API (all five families), with faults for tests. */
export async function startKieSimulator(options: KieSimulatorOptions = {}): Promise<KieSimulator> {
  const opts = resolveOptions(options);
  let ownUrl = "";
  const ctx: SimContext = {
    opts,
    faults: new FaultController(),
    scheduler: new Scheduler(),
    tasks: new Map(),
    downloadGrants: new Map(),
    ...newRateWindows(),
    eventLoopDelay: monitorEventLoopDelay({ resolution: 5 }),
    baseUrl: () => opts.publicBaseUrl ?? ownUrl,
  };
  ctx.eventLoopDelay.enable();
  const server = createServer((req, res) => {
    route(ctx, req, res).catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (err instanceof BodyTooLargeError) return sendJson(res, 413, { code: 413, msg: "Payload Too Large", data: null });
      sendJson(res, 500, { code: 500, msg: `Simulator error: ${err instanceof Error ? err.message : String(err)}`, data: null });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  ownUrl = `http://${opts.host.includes(":") ? `[${opts.host}]` : opts.host}:${port}`;
  const snap = (t: Parameters<typeof snapshotTask>[0]) => snapshotTask(t, (name) => fileUrlFor(ctx, t.taskId, name));

  return {
    url: ownUrl,
    faults: ctx.faults,
    tasks: {
      get: (taskId) => {
        const t = ctx.tasks.get(taskId);
        return t ? snap(t) : undefined;
      },
      list: () => [...ctx.tasks.values()].map(snap),
    },
    rateLimitCounts: () => ({ create: { ...ctx.createWindow.counts }, status: { ...ctx.recordWindow.counts } }),
    async close() {
      ctx.eventLoopDelay.disable();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await ctx.scheduler.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
