import type { Database } from "@lensroom/db";

import { rejectionSample, type Rejection } from "./rejection-sample";
import { REJECTION_SAMPLES_KEPT, storeRejections, type RejectedVerdict, type RejectionSample } from "./store-rejections";

type Sql = Database["$client"];

interface PendingBatch {
  counts: Map<RejectedVerdict, number>;
  samples: Map<RejectedVerdict, RejectionSample[]>;
  written: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): PendingBatch {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const written = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller that stopped waiting (past its deadline) must not turn a failed write into an unhandled rejection.
  written.catch(() => undefined);
  return { counts: new Map(), samples: new Map(), written, resolve, reject };
}

/**
 * Rejected callbacks of this process, written by one statement at a time: while a statement is out, the ones that
 * arrive are folded into the next batch, which holds a count per verdict and only the newest REJECTION_SAMPLES_KEPT
 * samples of each. However fast rejections arrive, memory and database work per batch stay bounded. If a batch's
 * statement fails, its counts are written again without the samples.
 */
class RejectionRecorder {
  private pending: PendingBatch | null = null;
  private writing = false;

  constructor(private readonly sql: Sql) {}

  add(rejection: Rejection): Promise<void> {
    const batch = (this.pending ??= newBatch());
    batch.counts.set(rejection.verdict, (batch.counts.get(rejection.verdict) ?? 0) + 1);
    const samples = batch.samples.get(rejection.verdict) ?? [];
    samples.push(rejectionSample(rejection));
    if (samples.length > REJECTION_SAMPLES_KEPT) samples.shift();
    batch.samples.set(rejection.verdict, samples);
    if (!this.writing) {
      this.writing = true;
      setImmediate(() => void this.drain());
    }
    return batch.written;
  }

  private async drain() {
    while (this.pending) {
      const batch = this.pending;
      this.pending = null;
      try {
        await storeRejections(this.sql, { counts: batch.counts, samples: [...batch.samples.values()].flat() });
        batch.resolve();
      } catch (error) {
        console.error(`[webhook] storing rejected callbacks failed, storing their counts alone: ${error instanceof Error ? error.message : String(error)}`);
        await storeRejections(this.sql, { counts: batch.counts, samples: [] }).then(batch.resolve, batch.reject);
      }
    }
    this.writing = false;
  }
}

const recorders = new WeakMap<Sql, RejectionRecorder>();

/**
 * Count a rejected callback (bad signature, bad request) and keep it as a sample; resolves once it is written. It
 * shares a statement with every rejection that arrives meanwhile in this process, so a flood of unsigned requests
 * costs one small statement per round trip and adds no rows beyond one per minute and verdict and the kept samples.
 */
export function recordRejection(db: Database, rejection: Rejection): Promise<void> {
  const sql = db.$client;
  let recorder = recorders.get(sql);
  if (!recorder) {
    recorder = new RejectionRecorder(sql);
    recorders.set(sql, recorder);
  }
  return recorder.add(rejection);
}
