import { z } from "zod";

/**
 * An opaque keyset cursor over (a timestamp, a uuid): the library's and the problem list's (created_at, id), the dead
 * letters' (completedOn, id). A row's timestamp is kept as Postgres prints it, to the microsecond: a JS Date would
 * round it to milliseconds and skip or repeat rows.
 */
export interface KeysetCursor {
  at: string;
  id: string;
}

const cursorSchema = z.object({ c: z.string().min(10).max(40), i: z.uuid() });

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.at, i: cursor.id })).toString("base64url");
}

export class InvalidCursorError extends Error {
  readonly code = "invalid_cursor";
}

export function decodeCursor(value: string): KeysetCursor {
  try {
    const parsed = cursorSchema.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    if (Number.isNaN(Date.parse(parsed.c))) throw new Error("bad timestamp");
    return { at: parsed.c, id: parsed.i };
  } catch {
    throw new InvalidCursorError("The page cursor is not valid; reload the list.");
  }
}
