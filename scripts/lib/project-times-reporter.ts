import { writeFileSync } from "node:fs";

import type { Reporter, TestModule } from "vitest/node";

/** Where `scripts/test.ts` asks this reporter to write its figures. */
export const PROJECT_TIMES_FILE_VAR = "LENSROOM_TEST_PROJECT_TIMES_FILE";

/**
 * A vitest reporter that writes each project's time (`{ "<project>": ms }`, JSON) to the file named by
 * LENSROOM_TEST_PROJECT_TIMES_FILE: the sum over its test files of preparing, environment set-up, setup files,
 * collecting and running tests and hooks. Files run in parallel, so a project's figure can exceed the run's wall time.
 */
export default class ProjectTimesReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    const file = process.env[PROJECT_TIMES_FILE_VAR];
    if (!file) return;
    const times: Record<string, number> = {};
    for (const testModule of testModules) {
      const d = testModule.diagnostic();
      const project = testModule.project.name || "(root)";
      times[project] = (times[project] ?? 0) + d.prepareDuration + d.environmentSetupDuration + d.setupDuration + d.collectDuration + d.duration;
    }
    writeFileSync(file, JSON.stringify(times));
  }
}
