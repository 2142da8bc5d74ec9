import { errorMessage, getLogger } from "../log/logger";
import type { DoctorCheck } from "../services/admin/doctor";

export interface DoctorSnapshot {
  /** When the run finished (ms since the epoch). */
  at: number;
  checks: DoctorCheck[];
}

/**
 * The doctor's last verdict for `/metrics`, refreshed at most every `intervalMs`: a scrape older than that starts one
 * run in the background and waits for it at most `waitMs`, else it gets the previous snapshot (none before the first
 * run ends). The doctor calls KIE and the storage server, so it never runs once per scrape.
 */
export function createDoctorState(run: () => Promise<DoctorCheck[]>, options: { intervalMs: number; now?: () => number }) {
  const now = options.now ?? Date.now;
  let last: DoctorSnapshot | null = null;
  let running: Promise<void> | null = null;

  const start = () => {
    running = run()
      .then(
        (checks) => {
          last = { at: now(), checks };
        },
        // runDoctor turns each check's error into a failing check; a run that still throws keeps the last snapshot.
        (error: unknown) => getLogger().warn({ component: "metrics", err: errorMessage(error) }, "the doctor run for /metrics failed"),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    /** The freshest snapshot available within `waitMs` (a failed run leaves the previous one). */
    async current(waitMs: number): Promise<DoctorSnapshot | null> {
      const due = !last || now() - last.at >= options.intervalMs;
      const pending = running ?? (due ? start() : null);
      if (pending) {
        let timer: NodeJS.Timeout | undefined;
        const waited = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, waitMs);
        });
        await Promise.race([pending, waited]).finally(() => clearTimeout(timer));
      }
      return last;
    },
  };
}

export type DoctorState = ReturnType<typeof createDoctorState>;
