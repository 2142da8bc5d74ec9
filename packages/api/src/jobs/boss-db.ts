import type { Db } from "pg-boss";

/** What pg-boss needs of a postgres.js connection or transaction (`sql`, or the `tx` that `sql.begin` hands out). */
export interface UnsafeQueryable {
  unsafe(query: string, parameters?: never[], options?: { prepare?: boolean }): PromiseLike<readonly unknown[]>;
}

/**
 * pg-boss's database adapter over a postgres.js transaction: pass it as the `db` option of `send`/`insert` and the
 * job commits (or rolls back) with everything else the transaction writes. Statements are prepared (pg-boss's
 * statement text is the same for every call on a queue, its values are parameters), so Postgres plans each once
 * per connection.
 */
export function bossDbOf(tx: UnsafeQueryable): Db {
  return {
    executeSql: async (text, values = []) => ({ rows: [...(await tx.unsafe(text, values as never[], { prepare: true }))] }),
  };
}
