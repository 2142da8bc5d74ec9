import { existsSync, readFileSync } from "node:fs";

import { z } from "zod";

const resultsSchema = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number().default(0),
  numTodoTests: z.number().default(0),
  testResults: z
    .array(
      z.object({
        name: z.string(),
        status: z.string(),
        message: z.string().optional(),
        assertionResults: z.array(z.object({ status: z.string() })).default([]),
      }),
    )
    .default([]),
});

export interface TestSummary {
  passed: number;
  failed: number;
  skipped: number;
  /** Files that failed without a failing test (import error, failing hook). */
  brokenFiles: string[];
}

/** Counts from vitest's JSON reporter; a file that failed outside any test counts as one failure. */
export function readTestSummary(file: string): TestSummary | null {
  if (!existsSync(file)) return null;
  const parsed = resultsSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) return null;
  const results = parsed.data;
  const brokenFiles = results.testResults
    .filter((file) => file.status === "failed" && !file.assertionResults.some((a) => a.status === "failed"))
    .map((file) => file.name);
  return {
    passed: results.numPassedTests,
    failed: results.numFailedTests + brokenFiles.length,
    skipped: results.numPendingTests + results.numTodoTests,
    brokenFiles,
  };
}

export function summaryLine(summary: Pick<TestSummary, "passed" | "failed" | "skipped">): string {
  const base = `${summary.passed} passed, ${summary.failed} failed`;
  return summary.skipped > 0 ? `${base}, ${summary.skipped} skipped` : base;
}
