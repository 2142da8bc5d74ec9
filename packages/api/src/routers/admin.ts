import { generations } from "@lensroom/db";
import { count, sql } from "drizzle-orm";

import { createTRPCRouter, staffProcedure } from "../trpc";

export const adminRouter = createTRPCRouter({
  /** Generations counted by status (legacy `completed` folded into `success`) and type. */
  health: staffProcedure.query(async ({ ctx }) => {
    const rows = await ctx.services.db
      .select({
        status: sql<string>`case when ${generations.status} = 'completed' then 'success' else ${generations.status}::text end`,
        type: generations.type,
        count: count(),
      })
      .from(generations)
      .groupBy(sql`1`, generations.type);
    const [missing] = await ctx.services.db
      .select({ count: count() })
      .from(generations)
      .where(sql`${generations.status} in ('success', 'completed') and ${generations.assetUrl} is null and ${generations.taskId} is not null`);
    return { byStatus: rows, succeededWithoutAsset: missing?.count ?? 0 };
  }),
});
