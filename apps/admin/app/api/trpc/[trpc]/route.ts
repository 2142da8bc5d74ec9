import { adminRouter } from "@lensroom/api/admin";
import { trpcHandlerFor } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const handler = trpcHandlerFor(adminRouter);
export { handler as GET, handler as POST };
