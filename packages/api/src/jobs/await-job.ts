import { setTimeout as sleep } from "node:timers/promises";

import type { PgBoss } from "pg-boss";

import type { QueueName } from "./queues";

/** How a job a caller waited on stands when the wait ended. */
export type AwaitedJob =
  | { state: "completed"; output: unknown }
  /** The attempt threw: pg-boss retries it later (`retry`) or gave up (`failed`); `message` is the error's. */
  | { state: "retry" | "failed"; message: string }
  | { state: "cancelled" | "gone" }
  /** Still waiting or running when the bound ran out (or the caller's signal aborted). */
  | { state: "unfinished" };

const FIRST_LOOK_MS = 25;
const LONGEST_LOOK_MS = 400;

/**
 * Wait for one job to end, at most `timeoutMs`. pg-boss announces new jobs (LISTEN/NOTIFY) but not finished ones,
 * so the waiter looks at the job's row, first after 25 ms and then at growing intervals up to 400 ms: a sync that
 * takes a few milliseconds is seen at once, and a long one costs a few indexed reads a second.
 */
export async function awaitJob(boss: PgBoss, queue: QueueName, id: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<AwaitedJob> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  for (let pause = FIRST_LOOK_MS; ; pause = Math.min(pause * 2, LONGEST_LOOK_MS)) {
    try {
      await sleep(pause, undefined, { signal });
    } catch {
      return { state: "unfinished" };
    }
    const [job] = await boss.findJobs(queue, { id });
    if (!job) return { state: "gone" };
    if (job.state === "completed") return { state: "completed", output: job.output };
    if (job.state === "cancelled") return { state: "cancelled" };
    // A job waits in `retry` only after an attempt threw: the caller hears of it now, not after the retry's delay.
    if (job.state === "failed" || job.state === "retry") return { state: job.state, message: errorMessageOf(job.output) };
  }
}

/** The message pg-boss stored for a thrown error (its output is the serialized error). */
function errorMessageOf(output: unknown): string {
  if (output && typeof output === "object" && "message" in output && typeof output.message === "string") return output.message;
  return "the job failed without a message";
}
