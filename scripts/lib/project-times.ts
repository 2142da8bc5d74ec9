import { existsSync, readFileSync } from "node:fs";

import { z } from "zod";

const timesSchema = z.record(z.string(), z.number());

/** Lines `<project> <seconds> s` from the project-times reporter's file, slowest first; none if it is missing. */
export function projectTimeLines(file: string): string[] {
  if (!existsSync(file)) return [];
  const parsed = timesSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) return [];
  return Object.entries(parsed.data)
    .sort(([, a], [, b]) => b - a)
    .map(([project, ms]) => `${project} ${(ms / 1000).toFixed(1)} s`);
}
