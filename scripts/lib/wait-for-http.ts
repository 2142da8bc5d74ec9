/** Poll `url` until it answers with any HTTP status (the server is listening), or throw after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs: number; requestTimeoutMs?: number; abort?: Promise<unknown> },
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  let aborted: unknown;
  void options.abort?.then((reason) => (aborted = reason ?? new Error("aborted")));
  let lastError: unknown;
  let delay = 100;
  while (Date.now() < deadline) {
    if (aborted) throw aborted instanceof Error ? aborted : new Error(String(aborted));
    try {
      const response = await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(options.requestTimeoutMs ?? 60_000) });
      await response.body?.cancel();
      return response.status;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 1_000);
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs} ms: ${String(lastError)}`);
}
