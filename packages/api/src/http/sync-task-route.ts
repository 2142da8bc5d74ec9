import { generations } from "@lensroom/db";
import { safeEqualSecret } from "@lensroom/kie/signature";
import { and, eq } from "drizzle-orm";
import { z } from "zod";

import type { AppServices } from "../app-services";
import { readAccessToken } from "../auth/request-identity";
import { identityFromHeaders } from "../auth/request-identity";
import { INTERACTIVE_SYNC_WAIT_MS, syncAndWait } from "../services/sync-through-job";
import { createCallerRateLimit } from "./caller-rate-limit";
import { json } from "./json-response";

const taskIdSchema = z.string().regex(/^[A-Za-z0-9_\-.:]{1,128}$/);

/**
 * `POST /api/sync-task?taskId=...` (the old runbook's URL): re-sync one task by asking KIE. Allowed for the task's
 * owner, staff, or the server-side INTERNAL_API_TOKEN; a task the caller may not see is a 404 like a missing one.
 * The sync runs as the task's `kie-sync` job like every other: 200 with its outcome when it ends in time, 202 with
 * the job's id while it still runs, 502 when KIE could not be asked.
 */
export function createSyncTaskHandler(getServices: () => Promise<AppServices>, options: { syncWaitMs?: number } = {}) {
  const syncWaitMs = options.syncWaitMs ?? INTERACTIVE_SYNC_WAIT_MS;
  const allow = createCallerRateLimit({ limit: 10, windowMs: 60_000 });
  return async function handleSyncTask(request: Request): Promise<Response> {
    if (request.method !== "POST") return json(405, { error: "Use POST" }, { allow: "POST" });
    const taskId = taskIdSchema.safeParse(new URL(request.url).searchParams.get("taskId"));
    if (!taskId.success) return json(400, { error: "Query parameter taskId is missing or malformed" });

    const services = await getServices();
    const token = readAccessToken(request.headers);
    const internal = Boolean(services.env.INTERNAL_API_TOKEN && token && safeEqualSecret(token, services.env.INTERNAL_API_TOKEN));
    const identity = internal ? null : await identityFromHeaders(request.headers, services.tokens);
    if (!internal && !identity) return json(401, { error: "Sign in or send the internal API token" });

    const caller = internal ? "internal" : `user:${identity?.userId}`;
    if (!allow(caller)) return json(429, { error: "Too many sync requests; wait a minute" }, { "retry-after": "60" });

    const ownerScope = internal || identity?.role === "staff" ? undefined : identity?.userId;
    const [generation] = await services.db
      .select({ id: generations.id })
      .from(generations)
      .where(and(eq(generations.taskId, taskId.data), ownerScope ? eq(generations.userId, ownerScope) : undefined));
    if (!generation) return json(404, { error: "No such task" });

    const result = await syncAndWait(services.jobs, { taskId: taskId.data, reason: "manual" }, { timeoutMs: syncWaitMs, signal: request.signal });
    const answer = { taskId: taskId.data, generationId: generation.id, ...result };
    if (result.outcome === "still_running") return json(202, answer);
    if (result.outcome === "sync_failed") {
      const later = result.retrying ? "; it is retried in the background" : "";
      return json(502, { ...answer, error: `KIE could not be asked: ${result.message}${later}` });
    }
    return json(200, answer);
  };
}
