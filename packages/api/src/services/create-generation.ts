import { generations, type GenerationType } from "@lensroom/db";
import { findKieModel, isKieApiError } from "@lensroom/kie";
import { eq } from "drizzle-orm";

import { kieCallbackUrl } from "./callback-url";
import type { ServiceDeps } from "./deps";
import { toLibraryItem, libraryColumns } from "./library-item";

export interface CreateGenerationInput {
  userId: string;
  type: GenerationType;
  modelId: string;
  prompt: string;
  aspectRatio?: string;
}

export class GenerationInputError extends Error {
  readonly code = "invalid_generation_input";
}

/**
 * Create the row first (so nothing is ever lost), then the KIE task with our callback URL.
 * A KIE refusal is recorded on the row with a message the user can act on.
 */
export async function createGeneration(deps: ServiceDeps, input: CreateGenerationInput) {
  const model = findKieModel(input.modelId);
  if (!model || model.type !== input.type) throw new GenerationInputError(`Model ${input.modelId} does not make ${input.type}s`);
  const aspectRatio = input.aspectRatio ?? model.aspectRatios[0];
  if (aspectRatio && !model.aspectRatios.includes(aspectRatio)) {
    throw new GenerationInputError(`Aspect ratio ${aspectRatio} is not offered by ${model.label}`);
  }

  const [row] = await deps.db
    .insert(generations)
    .values({ userId: input.userId, type: input.type, kieFamily: model.family, model: model.id, prompt: input.prompt, aspectRatio })
    .returning({ id: generations.id });
  if (!row) throw new Error("insert returned no row");

  try {
    const task = await deps.kie.createTask({
      family: model.family,
      model: model.id,
      prompt: input.prompt,
      aspectRatio,
      callBackUrl: kieCallbackUrl(deps.env),
    });
    await deps.db
      .update(generations)
      .set({ taskId: task.taskId, status: "generating", kieState: "waiting", updatedAt: new Date() })
      .where(eq(generations.id, row.id));
  } catch (error) {
    const message = error instanceof Error ? error.message : "KIE did not accept the task";
    await deps.db
      .update(generations)
      .set({
        status: "failed",
        errorCode: isKieApiError(error) ? `kie_${error.kind}` : "kie_create_failed",
        errorMessage: message,
        updatedAt: new Date(),
      })
      .where(eq(generations.id, row.id));
  }

  const [created] = await deps.db.select(libraryColumns).from(generations).where(eq(generations.id, row.id));
  if (!created) throw new Error("generation vanished after insert");
  return toLibraryItem(created);
}
