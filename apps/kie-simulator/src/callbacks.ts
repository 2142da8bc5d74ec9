import { createHmac } from "node:crypto";
import { shapeContext, type SimContext } from "./context";
import type { FamilyShape } from "./families/index";
import type { CallbackAttempt, SimTask } from "./task";

/** KIE's scheme, implemented independently of @lensroom/kie so the two check each other. */
function signatureHeaders(hmacKey: string | null, taskId: string): Record<string, string> {
  if (!hmacKey) return {};
  const ts = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", Buffer.from(hmacKey, "utf8")).update(`${taskId}.${ts}`, "utf8").digest("base64");
  return { "X-Webhook-Timestamp": ts, "X-Webhook-Signature": signature };
}

async function post(ctx: SimContext, task: SimTask, url: string, body: unknown, kind: CallbackAttempt["kind"]): Promise<boolean> {
  const attempt: CallbackAttempt = { kind, at: Date.now(), status: null, error: null, lost: false };
  task.callbacks.push(attempt);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...signatureHeaders(ctx.opts.hmacKey, task.taskId) },
      body: JSON.stringify(body),
      signal: AbortSignal.any([AbortSignal.timeout(ctx.opts.callbackTimeoutMs), ctx.scheduler.signal]),
    });
    await res.arrayBuffer().catch(() => undefined);
    attempt.status = res.status;
    return res.ok;
  } catch (err) {
    attempt.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return false;
  }
}

function isLost(lost: boolean | number | undefined): boolean {
  return typeof lost === "number" ? Math.random() < lost : lost === true;
}

function scheduleRetries(ctx: SimContext, task: SimTask, url: string, shape: FamilyShape, index: number): void {
  const delay = ctx.opts.callbackRetryDelaysMs[index];
  if (delay === undefined) return;
  ctx.scheduler.after(delay, () => {
    const body = shape.callback(task, shapeContext(ctx, task));
    void ctx.scheduler.track(
      post(ctx, task, url, body, "retry").then((ok) => {
        if (!ok) scheduleRetries(ctx, task, url, shape, index + 1);
      }),
    );
  });
}

/** Deliver the terminal callback with the task's faults applied (late, lost, duplicated, followed by a stale one). */
export async function deliverCallbacks(ctx: SimContext, task: SimTask, shape: FamilyShape): Promise<void> {
  const url = task.callBackUrl;
  if (!url) return;
  const faults = ctx.faults.effective(task.taskId);
  if (isLost(faults.callbackLost)) {
    task.callbacks.push({ kind: "final", at: Date.now(), status: null, error: "lost (fault)", lost: true });
    return;
  }
  if (faults.callbackDelayMs) await ctx.scheduler.sleep(faults.callbackDelayMs);
  if (ctx.scheduler.closed) return;
  const sc = shapeContext(ctx, task);
  const ok = await post(ctx, task, url, shape.callback(task, sc), "final");
  if (!ok) scheduleRetries(ctx, task, url, shape, 0);
  for (let i = 0; i < (faults.callbackDuplicates ?? 0) && !ctx.scheduler.closed; i++) {
    await post(ctx, task, url, shape.callback(task, sc), "duplicate");
  }
  if (faults.staleAfterSuccess && task.state === "success" && !ctx.scheduler.closed) {
    await post(ctx, task, url, shape.callback(task, sc, "generating"), "stale");
  }
}
