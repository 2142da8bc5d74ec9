class ResyncError extends Error {
  readonly code = "resync_failed";
}

/** Ask the server to re-sync one task with KIE (`POST /api/sync-task?taskId=`). Throws ResyncError with the server's words. */
export async function requestResync(taskId: string): Promise<void> {
  const response = await fetch(`/api/sync-task?taskId=${encodeURIComponent(taskId)}`, {
    method: "POST",
    credentials: "include",
    signal: AbortSignal.timeout(30_000),
  });
  if (response.ok) return;
  let message = `HTTP ${response.status}`;
  try {
    const body: unknown = await response.json();
    if (body && typeof body === "object" && "error" in body && typeof body.error === "string") message = body.error;
  } catch {
    // keep the status line
  }
  throw new ResyncError(message);
}
