import { AsyncLocalStorage } from "node:async_hooks";

import { pino, type Logger } from "pino";

import { logLevelFromEnv } from "../env";

export type { Logger };

/** Fields every line logged inside one job (or request) carries, filled in as the work learns them. */
export interface LogContext {
  queue?: string;
  jobId?: string;
  taskId?: string | null;
  generationId?: string;
  /** A staff bulk run the job belongs to. */
  runId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

const globalForLogger = globalThis as unknown as { lensroomLogger?: Logger };

/**
 * The process's JSON logger (one line per event on stdout). Lines logged inside `withLogContext` carry that context,
 * so a worker's job lines name the task and generation the job is about. Survives Next.js dev reloads.
 */
export function getLogger(): Logger {
  globalForLogger.lensroomLogger ??= pino({
    level: logLevelFromEnv(),
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...context.getStore() }),
  });
  return globalForLogger.lensroomLogger;
}

/** Run `work` with `fields` added to every line it logs (nested contexts add to the outer one). */
export function withLogContext<T>(fields: LogContext, work: () => Promise<T>): Promise<T> {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/**
 * A logger for lines about one generation: its task id and generation id on every line. Inside a job, the job's
 * context learns them too, so the job's own lines (its outcome, its failure) name the generation as well.
 */
export function generationLogger(generation: { taskId: string | null; id: string }): Logger {
  const ids = { taskId: generation.taskId, generationId: generation.id };
  const store = context.getStore();
  if (!store) return getLogger().child(ids);
  // The context puts them on every line already; binding them on a child too would write each key twice.
  Object.assign(store, ids);
  return getLogger();
}

/** The readable message of anything thrown. */
export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
