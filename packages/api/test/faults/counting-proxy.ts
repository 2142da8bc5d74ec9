import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

interface ProxiedRequest {
  at: number;
  method: string;
  path: string;
  taskId: string | null;
  status: number;
}

/** A loopback HTTP proxy in front of the KIE simulator that records every request our client makes (and its answer). */
export async function startCountingProxy(targetUrl: string) {
  const log: ProxiedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", targetUrl);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => k !== "host" && typeof v === "string")) as Record<string, string>;
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(url, { method: req.method, headers, body, signal: AbortSignal.timeout(30_000) })
        .then(async (upstream) => {
          const payload = Buffer.from(await upstream.arrayBuffer());
          log.push({ at: performance.now(), method: req.method ?? "", path: url.pathname, taskId: url.searchParams.get("taskId"), status: upstream.status });
          const out: Record<string, string> = {};
          upstream.headers.forEach((value, key) => {
            if (!["content-length", "transfer-encoding", "connection", "content-encoding"].includes(key)) out[key] = value;
          });
          res.writeHead(upstream.status, out).end(payload);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
