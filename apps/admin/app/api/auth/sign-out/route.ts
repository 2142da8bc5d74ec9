import { handleSignOut } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = (request: Request) => handleSignOut(request);
