import { handleSessionHandoff } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = (request: Request) => handleSessionHandoff(request);
