/** A per-caller fixed-window limit, per process (enough to stop a client hammering KIE through us). */
export function createCallerRateLimit(options: { limit: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();
  return function allow(caller: string, now = Date.now()): boolean {
    const current = windows.get(caller);
    if (!current || now - current.start >= options.windowMs) {
      if (windows.size > 10_000) windows.clear();
      windows.set(caller, { start: now, count: 1 });
      return true;
    }
    current.count++;
    return current.count <= options.limit;
  };
}
