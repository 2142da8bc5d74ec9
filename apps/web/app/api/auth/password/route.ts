import { handlePasswordSignIn } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = (request: Request) => handlePasswordSignIn(request);
