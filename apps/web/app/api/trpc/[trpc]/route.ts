import { appRouter } from "@lensroom/api";
import { trpcHandlerFor } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handler = trpcHandlerFor(appRouter);
export { handler as GET, handler as POST };
