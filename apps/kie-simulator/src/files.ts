import type { IncomingMessage, ServerResponse } from "node:http";
import { expiredStatus, resultExpired, type SimContext } from "./context";
import type { SimFile } from "./task";

const chunkSize = 64 * 1024;

function notFound(res: ServerResponse, status: 404 | 410 = 404): void {
  res.writeHead(status, { "Content-Type": "text/plain" });
  res.end(status === 410 ? "Gone" : "Not Found");
}

/** `GET|HEAD /files/<taskId>/<name>[?dl=<grant>]`: result media, with TTL, content-type and size faults. */
export function serveFile(ctx: SimContext, req: IncomingMessage, res: ServerResponse, taskId: string, name: string, grant: string | null): void {
  const task = ctx.tasks.get(taskId);
  const file: SimFile | undefined = task ? [...task.files, ...(task.cover ? [task.cover] : [])].find((f) => f.name === name) : undefined;
  if (!task || !file) return notFound(res);
  const now = Date.now();
  const g = grant ? ctx.downloadGrants.get(grant) : undefined;
  const granted = g !== undefined && g.taskId === taskId && g.name === name && g.expiresAt > now;
  if (grant && !granted) return notFound(res);
  if (!granted && resultExpired(ctx, task, now)) return notFound(res, expiredStatus(ctx, task));

  const faults = ctx.faults.effective(taskId);
  const size = faults.oversizedBytes ?? file.bytes.length;
  const headers: Record<string, string | number> = { "Content-Length": size, "Cache-Control": "private, max-age=0" };
  if (faults.resultContentType === "wrong") headers["Content-Type"] = "text/plain";
  else if (faults.resultContentType !== "missing") headers["Content-Type"] = file.contentType;
  res.writeHead(200, headers);
  if (req.method === "HEAD") return void res.end();
  if (faults.oversizedBytes === undefined) return void res.end(file.bytes);
  streamPadded(res, file.bytes.subarray(0, Math.min(file.bytes.length, size)), size);
}

/** The real file's header followed by zero padding, streamed with backpressure. */
function streamPadded(res: ServerResponse, head: Buffer, total: number): void {
  const zeros = Buffer.alloc(chunkSize);
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      const chunk = sent < head.length ? head.subarray(sent, Math.min(head.length, sent + chunkSize)) : zeros.subarray(0, Math.min(chunkSize, total - sent));
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    res.end();
  };
  res.on("close", () => {
    sent = total;
  });
  pump();
}
