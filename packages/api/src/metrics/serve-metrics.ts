import http from "node:http";
import type { AddressInfo } from "node:net";

/** A running `/metrics` server of a worker process. */
export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serve `handle` (a fetch-style `/metrics` handler) at `http://host:port/metrics` with node:http: worker processes
 * have no web server of their own. Only GET /metrics is answered; the handler does the auth.
 */
export async function serveMetrics(handle: (request: Request) => Promise<Response>, options: { port: number; host: string }): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://metrics.invalid");
    if (url.pathname !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found: the metrics are at /metrics\n");
      return;
    }
    const headers = new Headers();
    if (req.headers.authorization) headers.set("authorization", req.headers.authorization);
    handle(new Request(`http://metrics.invalid/metrics`, { method: req.method, headers }))
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(`Could not collect the metrics: ${error instanceof Error ? error.message : String(error)}\n`);
      });
  });
  // A scrape is one short request: keep a stuck client from holding the process open.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
