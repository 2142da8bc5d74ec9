import { extractCallbackTaskId } from "@lensroom/kie/callback";

import type { Rejection } from "../services/rejection-sample";
import { authenticateCallback } from "./authenticate-callback";
import { BodyTooLargeError, readBoundedBody } from "./read-bounded-body";

const WEBHOOK_BODY_LIMIT = 1_000_000;

/**
 * The doctor's reachability probe: an empty JSON object marked with this header. It is answered 400 like any callback
 * without a task, but not counted as a rejected callback, so the doctor (every few minutes under /metrics) does not
 * raise the "webhooks rejected" figures it is meant to watch.
 */
export const DOCTOR_PROBE_HEADER = "x-lensroom-doctor-probe";

/** True for the doctor's probe as it sends it, and only then (any other body is judged and counted as usual). */
export const isDoctorProbe = (request: Request, judgement: CallbackJudgement): boolean =>
  !judgement.ok && judgement.status === 400 && request.headers.get(DOCTOR_PROBE_HEADER) === "1" && judgement.rejection.body.trim() === "{}";

/** A POST to the webhook is either an authenticated callback for a task, or rejected with a 4xx and a verdict. */
export type CallbackJudgement =
  { ok: true; taskId: string; authScheme: "hmac" | "token"; body: string } | { ok: false; status: 400 | 401 | 413 | 415; rejection: Rejection };

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function declaredLength(request: Request): number | null {
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  return Number.isFinite(declared) && declared >= 0 ? declared : null;
}

/**
 * The one place a POST to the webhook gets its verdict before anything is stored: the wrong content type, a body
 * over the limit, one that is not a JSON object or names no task are `bad_request` (415/413/400); a well-formed
 * callback that is not correctly signed is `bad_signature` (401). Only a well-formed callback asks for the secret
 * (`callbackSecret`, which may throw when the services are down). Accepted callbacks get their final verdict
 * (accepted, duplicate, unknown task) when they are stored.
 */
export async function judgeCallback(request: Request, callbackSecret: () => Promise<string>): Promise<CallbackJudgement> {
  const badRequest = (
    status: 400 | 413 | 415,
    reason: string,
    body = "",
    bodyBytes = Buffer.byteLength(body),
    taskId: string | null = null,
  ): CallbackJudgement => ({
    ok: false,
    status,
    rejection: { verdict: "bad_request", reason, headers: request.headers, body, bodyBytes, taskId, authScheme: null },
  });

  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) return badRequest(415, "Content-Type must be application/json", "", declaredLength(request) ?? 0);
  let text: string;
  try {
    text = await readBoundedBody(request, WEBHOOK_BODY_LIMIT);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return badRequest(413, "Callback body is larger than 1 MB", "", declaredLength(request) ?? WEBHOOK_BODY_LIMIT + 1);
    return badRequest(400, "Could not read the request body");
  }
  const body = parseJsonObject(text);
  if (!body) return badRequest(400, "Body is not a JSON object", text);
  const taskId = extractCallbackTaskId(body);
  if (!taskId) return badRequest(400, "No task id in taskId, data.taskId or data.task_id", text);

  const auth = authenticateCallback(request, taskId, await callbackSecret());
  if (!auth.ok) {
    const rejection: Rejection = {
      verdict: "bad_signature",
      reason: `Callback signature ${auth.reason}`,
      headers: request.headers,
      body: text,
      bodyBytes: Buffer.byteLength(text),
      taskId,
      authScheme: auth.scheme,
    };
    return { ok: false, status: 401, rejection };
  }
  return { ok: true, taskId, authScheme: auth.scheme, body: text };
}
