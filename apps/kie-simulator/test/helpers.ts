import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

/** A tiny loopback callback receiver; `status` decides what it answers. */
export async function startReceiver(status: () => number = () => 200): Promise<{ url: string; received: ReceivedCallback[]; close(): Promise<void> }> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown, at: Date.now() });
      res.writeHead(status(), { "Content-Type": "application/json" });
      res.end('{"status":"received"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cb`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 15_000,
  stepMs = 25,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > until) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export interface Envelope {
  code: number;
  msg?: string;
  message?: string;
  data: unknown;
}

export async function api(base: string, method: "GET" | "POST", path: string, body?: unknown, key?: string): Promise<{ http: number; env: Envelope }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { http: res.status, env: (await res.json()) as Envelope };
}

export function rec(v: unknown): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`not an object: ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export const isPng = (b: Buffer): boolean => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
export const isJpeg = (b: Buffer): boolean => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
/** MP4: first box is `ftyp`; with faststart, `moov` precedes `mdat`. */
export function mp4Info(b: Buffer): { ftyp: boolean; faststart: boolean } {
  const moov = b.indexOf("moov");
  const mdat = b.indexOf("mdat");
  return { ftyp: b.subarray(4, 8).toString("latin1") === "ftyp", faststart: moov > 0 && mdat > 0 && moov < mdat };
}
