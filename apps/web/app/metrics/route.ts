import { handleMetrics } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = (request: Request) => handleMetrics(request);
