import { generations, type Database, type GenerationType } from "@lensroom/db";
import { and, desc, eq, inArray, sql, type SQL } from "drizzle-orm";

import type { PublicGenerationStatus } from "../lib/generation-status";
import { decodeCursor, encodeCursor } from "../lib/keyset-cursor";
import { libraryColumns, toLibraryItem } from "./library-item";

export interface ListLibraryInput {
  userId: string;
  limit: number;
  cursor?: string | null;
  type?: GenerationType;
  status?: PublicGenerationStatus;
}

/** A user's generations, newest first, one keyset page at a time (never OFFSET). */
export async function listLibrary(db: Database, input: ListLibraryInput) {
  const filters: SQL[] = [eq(generations.userId, input.userId)];
  if (input.type) filters.push(eq(generations.type, input.type));
  if (input.status) {
    filters.push(input.status === "success" ? inArray(generations.status, ["success", "completed"]) : eq(generations.status, input.status));
  }
  if (input.cursor) {
    const cursor = decodeCursor(input.cursor);
    filters.push(sql`(${generations.createdAt}, ${generations.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  const rows = await db
    .select({ ...libraryColumns, cursorAt: sql<string>`${generations.createdAt}::text` })
    .from(generations)
    .where(and(...filters))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(input.limit + 1);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursorAt, ...row }) => toLibraryItem(row)),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}
