import { generations, type Database, type GenerationType } from "@lensroom/db";
import { and, desc, eq, isNull, sql, type SQL } from "drizzle-orm";

import { isSuccessCondition, type PublicGenerationStatus } from "../rules/generation-status";
import { decodeCursor, encodeCursor } from "../lib/keyset-cursor";
import { libraryColumns, toLibraryItem } from "./library-item";

export interface ListLibraryInput {
  userId: string;
  limit: number;
  cursor?: string | null;
  type?: Exclude<GenerationType, "audio">;
  status?: PublicGenerationStatus;
}

/** Which optional filters a page uses: each combination is its own prepared statement. */
interface ListShape {
  type: boolean;
  /** "success" also matches the legacy `completed`, so it is a different statement from the other statuses. */
  status: "none" | "success" | "other";
  cursor: boolean;
}

const shapeKey = (shape: ListShape) => `library_list_${shape.type ? "t" : ""}${shape.status === "none" ? "" : shape.status[0]}${shape.cursor ? "c" : ""}`;

function prepareListQuery(db: Database, shape: ListShape) {
  // Rows kept but not shown (adopted audio, duplicates of another row's task) never reach a page.
  const filters: SQL[] = [eq(generations.userId, sql.placeholder("userId")), isNull(generations.hiddenReason)];
  if (shape.type) filters.push(eq(generations.type, sql.placeholder("type")));
  if (shape.status === "success") filters.push(isSuccessCondition);
  if (shape.status === "other") filters.push(eq(generations.status, sql.placeholder("status")));
  if (shape.cursor) {
    filters.push(sql`(${generations.createdAt}, ${generations.id}) < (${sql.placeholder("cursorAt")}::timestamptz, ${sql.placeholder("cursorId")}::uuid)`);
  }
  return db
    .select({ ...libraryColumns, cursorAt: sql<string>`${generations.createdAt}::text` })
    .from(generations)
    .where(and(...filters))
    .orderBy(desc(generations.createdAt), desc(generations.id))
    .limit(sql.placeholder("limit"))
    .prepare(shapeKey(shape));
}

type ListQuery = ReturnType<typeof prepareListQuery>;
const preparedByDatabase = new WeakMap<Database, Map<string, ListQuery>>();

/**
 * The library page is the hottest query there is: it runs as a named prepared statement (parsed and planned once
 * per connection, not on every request), one per combination of filters.
 */
function listQuery(db: Database, shape: ListShape): ListQuery {
  let prepared = preparedByDatabase.get(db);
  if (!prepared) preparedByDatabase.set(db, (prepared = new Map<string, ListQuery>()));
  const key = shapeKey(shape);
  let query = prepared.get(key);
  if (!query) prepared.set(key, (query = prepareListQuery(db, shape)));
  return query;
}

/** A user's generations, newest first, one keyset page at a time (never OFFSET). */
export async function listLibrary(db: Database, input: ListLibraryInput) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const status = !input.status ? "none" : input.status === "success" ? "success" : "other";
  const rows = await listQuery(db, { type: Boolean(input.type), status, cursor: cursor !== null }).execute({
    userId: input.userId,
    type: input.type,
    status: input.status,
    cursorAt: cursor?.at,
    cursorId: cursor?.id,
    limit: input.limit + 1,
  });

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ cursorAt: _cursorAt, ...row }) => toLibraryItem(row)),
    nextCursor: rows.length > input.limit && last ? encodeCursor({ at: last.cursorAt, id: last.id }) : null,
  };
}
