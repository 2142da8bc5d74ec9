import { readFileSync } from "node:fs";
import os from "node:os";

export interface Measurement {
  kind: "photo" | "video";
  concurrency: number;
  count: number;
  seconds: number;
  perSecond: number;
  msPerItem: number;
  sample: { id: string; width: number | null; height: number | null };
}

/** Run `task` over `items` with at most `concurrency` in flight; results in input order. */
export async function runPool<T, R>(items: readonly T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

/** What the numbers were measured on. */
export function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync("/proc/cpuinfo", "utf8");
    } catch {
      return "";
    }
  })();
  const cpuModel = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown CPU";
  return { cpus: os.availableParallelism(), cpuModel, memoryGiB: Math.round(os.totalmem() / 2 ** 30), platform: `${os.platform()} ${os.release()}` };
}
