import { setTimeout as sleep } from "node:timers/promises";

import { generations, webhookDeliveries } from "@lensroom/db";
import { eq } from "drizzle-orm";

import { createGeneration } from "../create-generation";
import type { ServiceDeps } from "../deps";

/** The user id test generations belong to (never a real account). */
const DOCTOR_USER_ID = "00000000-0000-4000-8000-00000000d0c7";

export interface TestStep {
  name: "create_task" | "callback_received" | "kie_success" | "previews_ready";
  ms: number | null;
}

/** Run a real photo generation end to end and time each step; stops at `timeoutMs`. */
export async function runTestGeneration(deps: ServiceDeps, timeoutMs = 90_000) {
  const started = Date.now();
  const created = await createGeneration(deps, { userId: DOCTOR_USER_ID, type: "photo", modelId: "google/imagen4", prompt: "LensRoom doctor test generation" });
  const steps: TestStep[] = [
    { name: "create_task", ms: created.taskId ? Date.now() - started : null },
    { name: "callback_received", ms: null },
    { name: "kie_success", ms: null },
    { name: "previews_ready", ms: null },
  ];
  const mark = (name: TestStep["name"]) => {
    const step = steps.find((s) => s.name === name);
    if (step && step.ms === null) step.ms = Date.now() - started;
  };
  while (created.taskId && Date.now() - started < timeoutMs) {
    const [row] = await deps.db
      .select({ kieState: generations.kieState, status: generations.status, thumb: generations.thumbnailUrl, error: generations.errorMessage })
      .from(generations)
      .where(eq(generations.id, created.id));
    const [delivery] = await deps.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.taskId, created.taskId)).limit(1);
    if (delivery) mark("callback_received");
    if (row?.kieState === "success") mark("kie_success");
    if (row?.status === "success" && row.thumb) {
      mark("previews_ready");
      break;
    }
    if (row?.status === "failed" || row?.status === "expired") break;
    await sleep(250);
  }
  const [final] = await deps.db
    .select({ status: generations.status, error: generations.errorMessage, mediaError: generations.mediaError })
    .from(generations)
    .where(eq(generations.id, created.id));
  return {
    generationId: created.id,
    taskId: created.taskId,
    ok: steps.every((s) => s.ms !== null),
    status: final?.status ?? "missing",
    error: final?.error ?? final?.mediaError ?? created.failureReason ?? null,
    steps,
  };
}
