import type { IncomingMessage, ServerResponse } from "node:http";

const maxBodyBytes = 1_000_000;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > maxBodyBytes) throw new BodyTooLargeError("body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** JSON.parse that reports failure as `undefined` (the caller answers KIE's 400). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, httpStatus: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(httpStatus, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** An error envelope as KIE's pages show it: no `data` key (or `data:null`), `msg` or `message`, numeric or string code (fact sheet §1). */
export function sendBareEnvelope(
  res: ServerResponse,
  e: { code: number | string; msg: string; msgKey?: "msg" | "message" | undefined; data?: "absent" | "null" | undefined },
): void {
  sendJson(res, 200, { code: e.code, [e.msgKey ?? "msg"]: e.msg, ...(e.data === "null" ? { data: null } : {}) });
}

/** KIE's envelope. KIE answers HTTP 200 even for errors; `msgKey` lets a fault use the `message` spelling. */
export function sendEnvelope(
  res: ServerResponse,
  code: number,
  msg: string,
  data: unknown,
  opts: { httpStatus?: number; msgKey?: "msg" | "message" } = {},
): void {
  sendJson(res, opts.httpStatus ?? 200, { code, [opts.msgKey ?? "msg"]: msg, data });
}
