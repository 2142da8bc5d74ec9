import type { Clock } from "../src/clock";

export interface ManualClock extends Clock {
  /** Moves time forward by `ms`, running each scheduled callback that falls due, in time order. */
  advance(ms: number): void;
  /** Callbacks scheduled and not yet run or cancelled. */
  readonly scheduled: number;
}

/** A clock that stands still until the test moves it. */
export function createManualClock(start = 0): ManualClock {
  let time = start;
  const timers: Array<{ at: number; fn: () => void }> = [];
  return {
    now: () => time,
    schedule(fn, ms) {
      const timer = { at: time + ms, fn };
      timers.push(timer);
      return () => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
      };
    },
    advance(ms) {
      const end = time + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers.splice(timers.indexOf(due), 1);
        time = due.at;
        due.fn();
      }
      time = end;
    },
    get scheduled() {
      return timers.length;
    },
  };
}

/** Lets every promise settled so far run its callbacks (one turn of the event loop; no timer involved). */
export const settled = () => new Promise<void>((resolve) => setImmediate(resolve));
