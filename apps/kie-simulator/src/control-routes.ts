import type { IncomingMessage, ServerResponse } from "node:http";
import { fileUrlFor, type SimContext } from "./context";
import { FaultValidationError } from "./faults";
import { parseJsonBody, readBody, sendJson } from "./http-io";
import { snapshotTask } from "./task";

/** Test control API under `/__sim/`: faults, task inspection, rate-limit counts. Returns false when the path is not ours. */
export async function handleControl(ctx: SimContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (!url.pathname.startsWith("/__sim/")) return false;
  if (url.pathname === "/__sim/faults") {
    if (req.method === "POST") {
      const body = parseJsonBody(await readBody(req));
      try {
        const id = ctx.faults.setUnchecked(body);
        sendJson(res, 200, { ok: true, id });
      } catch (err) {
        if (!(err instanceof FaultValidationError)) throw err;
        sendJson(res, 400, { ok: false, error: "invalid fault", issues: err.issues });
      }
    } else if (req.method === "DELETE") {
      ctx.faults.clear();
      sendJson(res, 200, { ok: true });
    } else if (req.method === "GET") {
      sendJson(res, 200, { ok: true, faults: ctx.faults.list() });
    } else sendJson(res, 405, { ok: false, error: "method not allowed" });
    return true;
  }
  if (url.pathname === "/__sim/rate-limits" && req.method === "GET") {
    const eventLoopDelayMaxMs = Math.round(ctx.eventLoopDelay.max / 1e5) / 10;
    sendJson(res, 200, { ok: true, create: ctx.createWindow.counts, status: ctx.recordWindow.counts, eventLoopDelayMaxMs });
    return true;
  }
  if (url.pathname === "/__sim/rate-limits" && req.method === "DELETE") {
    // A benchmark's measured part starts here: counts and the event-loop delay from now on.
    ctx.createWindow.resetCounts();
    ctx.recordWindow.resetCounts();
    ctx.eventLoopDelay.reset();
    sendJson(res, 200, { ok: true });
    return true;
  }
  const m = /^\/__sim\/tasks\/([^/]+)$/.exec(url.pathname);
  const task = m?.[1] ? ctx.tasks.get(decodeURIComponent(m[1])) : undefined;
  if (m && req.method === "GET") {
    if (!task) sendJson(res, 404, { ok: false, error: "unknown task" });
    else sendJson(res, 200, { ok: true, task: snapshotTask(task, (name) => fileUrlFor(ctx, task.taskId, name)) });
    return true;
  }
  sendJson(res, 404, { ok: false, error: "not found" });
  return true;
}
