import { handleLocalSignIn } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const POST = (request: Request) => handleLocalSignIn(request);
