import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Serves one file body at any `/files/<name>` path, trickled out in 16 pieces over `durationMs`, so an ingest spends
 * a known, real time downloading (a kill then lands mid-download as often as mid-upload). Counts hits per path.
 */
export async function startSlowFileServer(body: Buffer, contentType: string, durationMs: number) {
  const hits = new Map<string, number>();
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://files").pathname;
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    if (!pathname.startsWith("/files/")) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": contentType, "content-length": String(body.length) });
    const pieces = 16;
    const size = Math.ceil(body.length / pieces);
    let i = 0;
    const next = () => {
      if (res.destroyed) return;
      if (i >= pieces) return void res.end();
      res.write(body.subarray(i * size, (i + 1) * size));
      i++;
      setTimeout(next, durationMs / pieces);
    };
    next();
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: (name: string) => `http://127.0.0.1:${port}/files/${name}`,
    hits: (name: string) => hits.get(`/files/${name}`) ?? 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
