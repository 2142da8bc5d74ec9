import type { Db } from "pg-boss";

/** What pg-boss needs of a postgres.js connection or transaction (`sql`, or the `tx` that `sql.begin` hands out). */
export interface UnsafeQueryable {
  unsafe(query: string, parameters?: never[]): PromiseLike<readonly unknown[]>;
}

/**
 * pg-boss's database adapter over a postgres.js transaction: pass it as the `db` option of `send`/`insert` and the
 * job commits (or rolls back) with everything else the transaction writes.
 */
export function bossDbOf(tx: UnsafeQueryable): Db {
  return {
    executeSql: async (text, values = []) => ({ rows: [...(await tx.unsafe(text, values as never[]))] }),
  };
}
