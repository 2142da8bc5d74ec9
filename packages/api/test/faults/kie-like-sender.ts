import { setTimeout as sleep } from "node:timers/promises";

import { signedHeaders } from "./signed-callback";

interface SendAttempt {
  nonce: string;
  attempt: number;
  startedAt: number;
  ms: number;
  status: number | null;
  error: string | null;
}

/**
 * Sends signed callbacks the way KIE does: retry on any non-2xx or network error, with bounded exponential backoff
 * (KIE's own schedule is 1/5/15 min; this one is compressed so a test waits seconds). Every attempt is recorded.
 */
export function createKieLikeSender(webhookUrl: string, options: { timeoutMs?: number; maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number } = {}) {
  const { timeoutMs = 5_000, maxAttempts = 12, baseDelayMs = 250, maxDelayMs = 4_000 } = options;
  const attempts: SendAttempt[] = [];

  async function deliver(taskId: string, nonce: string): Promise<boolean> {
    const body = JSON.stringify({ code: 200, msg: "Playground task completed successfully.", data: { taskId, state: "success", nonce } });
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const startedAt = performance.now();
      const record: SendAttempt = { nonce, attempt, startedAt, ms: 0, status: null, error: null };
      try {
        const response = await fetch(`${webhookUrl}/api/webhooks/kie`, {
          method: "POST",
          headers: signedHeaders(taskId),
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        record.status = response.status;
      } catch (error) {
        record.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      }
      record.ms = performance.now() - startedAt;
      attempts.push(record);
      if (record.status !== null && record.status >= 200 && record.status < 300) return true;
      await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
    }
    return false;
  }

  return { deliver, attempts };
}
