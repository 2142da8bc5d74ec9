export class DeadlineExceededError extends Error {
  readonly code = "deadline_exceeded";
}

/**
 * `work`, or a DeadlineExceededError after `ms`. The work itself keeps running (a late result is simply not awaited),
 * so use it where answering in time matters more than waiting: the database pool queues queries while it cannot
 * connect, and a webhook must answer 503 quickly instead of hanging.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceededError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
