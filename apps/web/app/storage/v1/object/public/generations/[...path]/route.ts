import { handleLocalStorage } from "@lensroom/api/http";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path: string[] }> };

const serve = async (request: Request, { params }: Context) => handleLocalStorage(request, (await params).path.join("/"));
export { serve as GET, serve as HEAD };
