import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { machine } from "./measure";

export const ROOT_DIR = path.resolve(import.meta.dirname, "../..");
const RESULTS_DIR = path.join(ROOT_DIR, "bench-results");

/** Nearest-rank percentile of a sample (`p` in 0..100). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export interface Summary {
  n: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: readonly number[]): Summary {
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: Math.max(...values), mean };
}

/**
 * Time two approaches in alternation (so a busy machine's drift hits both alike): `ours` every iteration, `naive`
 * every `naiveEvery`-th. Milliseconds per call.
 */
export async function timePair(iterations: number, ours: () => Promise<unknown>, naive: () => Promise<unknown>, naiveEvery = 1, warmup = 20) {
  for (let i = 0; i < warmup; i++) await Promise.all([ours(), naive()]);
  const oursMs: number[] = [];
  const naiveMs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    let started = performance.now();
    await ours();
    oursMs.push(performance.now() - started);
    if (i % naiveEvery !== 0) continue;
    started = performance.now();
    await naive();
    naiveMs.push(performance.now() - started);
  }
  return { ours: oursMs, naive: naiveMs };
}

export const ms = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : "–");
export const ratio = (naive: number, ours: number) => (ours > 0 ? `${(naive / ours).toFixed(naive / ours >= 10 ? 0 : 1)}×` : "–");

/** Print a Markdown table (so a run's output can be pasted into docs/performance.md as is). */
export function printTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>) {
  console.log(`| ${headers.join(" | ")} |`);
  console.log(`|${headers.map(() => "---").join("|")}|`);
  for (const row of rows) console.log(`| ${row.join(" | ")} |`);
}

/** Write `bench-results/<section>-<time>.json` and `<section>-latest.json`; returns the timestamped path. */
export async function writeResult(section: string, data: Record<string, unknown>) {
  const at = new Date().toISOString();
  const result = { section, at, machine: machine(), node: process.version, loadAverageAtEnd: os.loadavg(), ...data };
  await mkdir(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${section}-${at.replace(/[:.]/g, "-")}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  await writeFile(file, text);
  await writeFile(path.join(RESULTS_DIR, `${section}-latest.json`), text);
  console.log(`\nwrote ${path.relative(ROOT_DIR, file)}`);
  return file;
}

/** Poll `check` until it returns a value other than null/false, or throw after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | null | false>, timeoutMs: number, intervalMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
