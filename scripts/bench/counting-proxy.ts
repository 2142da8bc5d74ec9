import http from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback HTTP proxy in front of the KIE simulator that counts replies by status (to prove zero 429s). */
export async function startCountingProxy(targetUrl: string) {
  const target = new URL(targetUrl);
  const byStatus = new Map<number, number>();
  const byPath = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, timeout: 30_000 },
      (reply) => {
        const status = reply.statusCode ?? 0;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        const kind = new URL(req.url ?? "/", "http://x").pathname;
        byPath.set(kind, (byPath.get(kind) ?? 0) + 1);
        res.writeHead(status, reply.headers);
        reply.pipe(res);
      },
    );
    upstream.on("timeout", () => upstream.destroy(new Error("upstream timeout")));
    upstream.on("error", () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ byStatus: Object.fromEntries(byStatus), byPath: Object.fromEntries(byPath) }),
    count: (status: number) => byStatus.get(status) ?? 0,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
