import { PerformanceObserver, constants } from "node:perf_hooks";
import v8 from "node:v8";
import vm from "node:vm";

/**
 * How many young-generation and full garbage collections V8 ran while `work` ran, starting from a freshly collected
 * heap. Objects that die young cost a scavenge of ~1 ms; objects V8 keeps until a full GC are copied by every
 * scavenge on the way (the pauses behind a listing p99 of 15 ms, docs/performance.md §1). Tests use this to pin down
 * that a hot path's garbage dies young: zero full collections over thousands of iterations.
 */
export async function garbageCollectionsDuring(work: () => Promise<void>): Promise<{ minor: number; full: number }> {
  v8.setFlagsFromString("--expose-gc");
  const collectGarbage = vm.runInNewContext("gc") as () => void;
  collectGarbage(); // a clean old generation: nothing allocated earlier pushes it over its limit during `work`
  await new Promise((resolve) => setImmediate(resolve));

  const kinds: number[] = [];
  const observer = new PerformanceObserver((list) => {
    // A "gc" entry carries its kind in `detail` (Node's NodeGCPerformanceDetail), which these typings leave out.
    for (const entry of list.getEntries()) kinds.push((entry as unknown as { detail: { kind: number } }).detail.kind);
  });
  observer.observe({ entryTypes: ["gc"] });
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver the last entries
  } finally {
    observer.disconnect();
  }
  const count = (wanted: readonly number[]) => kinds.filter((kind) => wanted.includes(kind)).length;
  return {
    minor: count([constants.NODE_PERFORMANCE_GC_MINOR]),
    full: count([constants.NODE_PERFORMANCE_GC_MAJOR, constants.NODE_PERFORMANCE_GC_INCREMENTAL]),
  };
}
