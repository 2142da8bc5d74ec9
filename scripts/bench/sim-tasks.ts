import { TEST_SECRETS } from "@lensroom/api/testing";

/** What seeding needs of a simulator: in-process (`KieSimulator`) or in its own process (`startSimulatorProcess`). */
interface SeedableSimulator {
  url: string;
  faults: { set(input: { enforceRateLimits: false }): number | Promise<number>; remove(id: number): unknown };
}

/**
 * Create `count` market tasks on the simulator over HTTP (its create rate limit lifted while seeding; the status
 * limit is restored afterwards). Returns the task ids in order.
 */
export async function createSimTasks(
  simulator: SeedableSimulator,
  count: number,
  options: { media: "photo" | "video"; callBackUrl?: string; prompts?: number },
) {
  const lifted = await simulator.faults.set({ enforceRateLimits: false });
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const response = await fetch(`${simulator.url}/api/v1/jobs/createTask`, {
        method: "POST",
        headers: { authorization: `Bearer ${TEST_SECRETS.KIE_API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({
          model: options.media === "video" ? "kling/video-bench" : "google/nano-banana",
          // A few distinct prompts: the simulator renders each prompt once and reuses the file.
          input: { prompt: `bench scene ${i % (options.prompts ?? 4)}`, aspect_ratio: options.media === "video" ? "16:9" : "1:1" },
          ...(options.callBackUrl ? { callBackUrl: options.callBackUrl } : {}),
        }),
        signal: AbortSignal.timeout(30_000),
      });
      const reply = (await response.json()) as { code: number; data: { taskId: string } | null };
      if (reply.code !== 200 || !reply.data) throw new Error(`simulator create failed: ${JSON.stringify(reply)}`);
      ids.push(reply.data.taskId);
    }
    return ids;
  } finally {
    await simulator.faults.remove(lifted);
  }
}
