import { describe, expect, it } from "vitest";

import { createDoctorState } from "../src/metrics/doctor-state";
import type { DoctorCheck } from "../src/services/admin/doctor";

const passing: DoctorCheck[] = [{ id: "columns", ok: true, findings: [{ code: "columns_present", params: { count: 30 } }] }];

/** A doctor run the test finishes by hand, counting how often it was started. */
function controlledRuns() {
  const pending: Array<(checks: DoctorCheck[]) => void> = [];
  return {
    started: () => pending.length,
    run: () => new Promise<DoctorCheck[]>((resolve) => pending.push(resolve)),
    finish: (index: number, checks: DoctorCheck[]) => pending[index]?.(checks),
  };
}

// /metrics shows the doctor's state without running it on every scrape: one run per interval, none in parallel,
// and a scrape never waits longer than it is allowed for a run that is still going.
describe("the doctor's state for /metrics", () => {
  it("runs at most once per interval and serves the cached snapshot in between", async () => {
    let now = 1_000_000;
    const runs = controlledRuns();
    const state = createDoctorState(runs.run, { intervalMs: 300_000, now: () => now });

    expect(await state.current(0)).toBeNull(); // first scrape: a run starts, nothing to show yet
    expect(await state.current(0)).toBeNull(); // a second scrape meanwhile starts no second run
    expect(runs.started()).toBe(1);
    runs.finish(0, passing);
    expect(await state.current(1_000)).toEqual({ at: now, checks: passing });

    now += 299_999;
    expect((await state.current(0))?.checks).toEqual(passing);
    expect(runs.started()).toBe(1);

    now += 1;
    const failing: DoctorCheck[] = [{ id: "columns", ok: false, findings: [{ code: "columns_missing", params: { columns: "asset_url" } }] }];
    const scrape = state.current(5_000);
    expect(runs.started()).toBe(2);
    runs.finish(1, failing);
    expect(await scrape).toEqual({ at: now, checks: failing });
  });

  it("keeps the last snapshot when a run throws", async () => {
    let calls = 0;
    let now = 0;
    const state = createDoctorState(
      async () => {
        calls += 1;
        if (calls > 1) throw new Error("database gone");
        return passing;
      },
      { intervalMs: 10, now: () => now },
    );
    const first = await state.current(1_000);
    now = 20;
    expect(await state.current(1_000)).toBe(first);
    expect(calls).toBe(2);
  });
});
