/**
 * Poll `url` until it answers with any HTTP status (the server is listening). Throws after `timeoutMs`, or as soon
 * as `abort` resolves (e.g. the server process exited) with the error it resolves to.
 */
export async function waitForHttp(url: string, options: { timeoutMs: number; requestTimeoutMs?: number; abort?: Promise<unknown> }): Promise<number> {
  let done = false;
  const poll = async () => {
    const deadline = Date.now() + options.timeoutMs;
    let lastError: unknown;
    let delay = 100;
    while (!done && Date.now() < deadline) {
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
  };
  const aborted = options.abort?.then((reason) => {
    throw reason instanceof Error ? reason : new Error(typeof reason === "string" ? reason : "aborted", { cause: reason });
  });
  try {
    return await (aborted ? Promise.race([poll(), aborted]) : poll());
  } finally {
    done = true;
  }
}
