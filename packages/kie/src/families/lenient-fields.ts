import { z } from "zod";
import type { KieFamily } from "../families";
import { asRecord, badRecord, codeString, intOrNull, kieTime, nonEmptyString, urlList } from "./parse-helpers";

/** zod field schemas that never reject: each normalizes one of KIE's documented variants. */
export const lenient = {
  /** Object or JSON-encoded object → record, anything else → null. */
  record: z.unknown().optional().transform(asRecord),
  urls: z.unknown().optional().transform(urlList),
  code: z.unknown().optional().transform(codeString),
  text: z.unknown().optional().transform(nonEmptyString),
  time: z.unknown().optional().transform(kieTime),
  int: z.unknown().optional().transform(intOrNull),
};

/** Parse `data` (possibly a JSON string) with a zod schema; enforce that a present taskId matches the one asked for. */
export function parseRecord<S extends z.ZodType<{ taskId: string | null }>>(
  family: KieFamily,
  schema: S,
  data: unknown,
  expectedTaskId: string | undefined,
): { rec: z.output<S>; taskId: string } {
  const parsed = schema.safeParse(asRecord(data));
  if (!parsed.success) throw badRecord(family, "data is not an object", data);
  const rec = parsed.data;
  if (expectedTaskId !== undefined && rec.taskId !== null && rec.taskId !== expectedTaskId) {
    throw badRecord(family, `taskId mismatch (${rec.taskId})`, data);
  }
  const taskId = rec.taskId ?? expectedTaskId;
  if (!taskId) throw badRecord(family, "taskId missing", data);
  return { rec, taskId };
}
