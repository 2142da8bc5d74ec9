import { deliverCallbacks } from "./callbacks";
import type { SimContext } from "./context";
import type { CreateInput, FamilyShape } from "./families/types";
import { renderMedia, type RenderedMedia } from "./render/render-cache";
import type { SimState, SimTask } from "./task";

function advance(task: SimTask, state: SimState): void {
  if (task.state === "success" || task.state === "fail") return;
  task.state = state;
  task.updatedAt = Date.now();
}

async function finish(ctx: SimContext, task: SimTask, shape: FamilyShape, render: Promise<RenderedMedia>): Promise<void> {
  const faults = ctx.faults.effective(task.taskId);
  // Fault `neverFinish`: stay in progress forever, no callback.
  if (faults.neverFinish) return;
  const fail = faults.fail ?? (faults.recordFailure ? { code: faults.recordFailure.code, message: faults.recordFailure.msg } : undefined);
  if (fail) {
    task.fail = { ...fail };
  } else {
    try {
      const media = await render;
      task.files = [{ ...media.main, name: `0.${media.main.ext}` }];
      task.cover = media.cover ? { ...media.cover, name: `cover.${media.cover.ext}` } : null;
    } catch (err) {
      task.fail = { code: 500, message: `Internal error: render failed (${err instanceof Error ? err.message : String(err)})` };
    }
  }
  if (ctx.scheduler.closed) return;
  task.completedAt = Date.now();
  advance(task, task.fail ? "fail" : "success");
  await deliverCallbacks(ctx, task, shape);
}

/** Create a task and walk it waiting → queuing → generating → success|fail over the render delay. */
export function startTask(ctx: SimContext, shape: FamilyShape, input: CreateInput, param: Record<string, unknown>): SimTask {
  const now = Date.now();
  const task: SimTask = {
    taskId: shape.newTaskId(),
    family: shape.family,
    model: input.model,
    prompt: input.prompt,
    aspectRatio: input.aspectRatio,
    media: input.media,
    callBackUrl: input.callBackUrl,
    param,
    state: "waiting",
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    files: [],
    cover: null,
    fail: null,
    callbacks: [],
    emptyResultReads: 0,
  };
  ctx.tasks.set(task.taskId, task);
  ctx.faults.bindNewTask(task.taskId);
  const delay = ctx.faults.effective(task.taskId).renderDelayMs ?? ctx.opts.renderDelayMs;
  const render = ctx.scheduler.track(
    renderMedia({
      media: input.media,
      prompt: input.prompt,
      aspectRatio: input.aspectRatio,
      photoFormat: input.photoFormat,
      withCover: shape.family === "runway",
      photoLongSide: ctx.opts.photoLongSide,
    }),
  );
  render.catch(() => undefined); // observed in finish()
  ctx.scheduler.after(delay * 0.15, () => advance(task, "queuing"));
  ctx.scheduler.after(delay * 0.35, () => {
    if (ctx.faults.effective(task.taskId).neverFinish !== "queuing") advance(task, "generating");
  });
  ctx.scheduler.after(delay, () => void ctx.scheduler.track(finish(ctx, task, shape, render)));
  return task;
}
