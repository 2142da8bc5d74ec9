import { once } from "node:events";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isPublicAddress } from "../src/media-io/address-policy";
import { isHostAllowed } from "../src/media-io/host-allowlist";
import { DownloadError, downloadToFile, type DownloadOptions, type LookupAll } from "../src/media-io/safe-download";

/** A real 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const MB = 1024 * 1024;

/** Writes `total` bytes (PNG signature first) in 64 KiB chunks, respecting backpressure. */
async function streamBody(res: ServerResponse, total: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024);
  PNG.copy(chunk, 0, 0, 8);
  let closed = false;
  res.on("close", () => (closed = true));
  for (let sent = 0; sent < total && !closed; sent += chunk.length) {
    if (!res.write(sent === 0 ? chunk : chunk.fill(0, 0, 8))) await once(res, "drain").catch(() => undefined);
  }
  res.end();
}

let requests: string[] = [];

function route(req: IncomingMessage, res: ServerResponse, port: number): void {
  const url = new URL(req.url ?? "/", "http://x");
  requests.push(url.pathname);
  const redirect = (location: string): void => void res.writeHead(302, { location }).end();
  switch (url.pathname) {
    case "/image.png":
      return void res.writeHead(200, { "content-type": "text/plain" }).end(PNG);
    case "/fake.png":
      return void res.writeHead(200, { "content-type": "image/png" }).end("<!doctype html><html><body>not found</body></html>");
    case "/huge":
      return void streamBody(res.writeHead(200, { "content-type": "image/png" }), 60 * MB);
    case "/huge-declared":
      res.writeHead(200, { "content-type": "image/png", "content-length": String(60 * MB) });
      return void res.write(PNG);
    case "/to-image":
      return redirect("/image.png");
    case "/to-outside":
      return redirect("http://outside.example/image.png");
    case "/to-other-name":
      return redirect(`http://also-allowed.example:${port}/image.png`);
    case "/to-ftp":
      return redirect("ftp://allowed.example/image.png");
    case "/loop":
      return redirect("/loop");
    case "/missing":
      return void res.writeHead(404).end();
    case "/forbidden":
      return void res.writeHead(403).end();
    case "/gone":
      return void res.writeHead(410).end();
    case "/unavailable":
      return void res.writeHead(503).end();
    case "/teapot":
      return void res.writeHead(418).end();
    case "/stall":
      res.writeHead(200, { "content-type": "image/png" });
      return void res.write(Buffer.concat([PNG.subarray(0, 8), Buffer.alloc(100)]));
    case "/hang":
      return;
    default:
      return void res.writeHead(500).end();
  }
}

describe("downloadToFile", () => {
  let server: http.Server;
  let port: number;
  let destDir: string;

  /** "allowed.example" and "also-allowed.example" are names for the loopback test server. */
  const lookup: LookupAll = async (hostname) => {
    if (hostname === "allowed.example" || hostname === "also-allowed.example") return [{ address: "127.0.0.1", family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  };
  const devOptions = (): DownloadOptions => ({
    allowedHosts: ["allowed.example", "*.allowed.example"],
    allowPrivateAddresses: true,
    destDir,
    lookup,
  });
  const at = (pathname: string, host = "allowed.example") => `http://${host}:${port}${pathname}`;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected the download to fail");
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(DownloadError);
        return error as DownloadError;
      },
    );

  beforeAll(async () => {
    server = http.createServer((req, res) => route(req, res, port));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });
  beforeEach(async () => {
    requests = [];
    destDir = await mkdtemp(path.join(tmpdir(), "lensroom-download-"));
  });
  afterEach(() => rm(destDir, { recursive: true, force: true }));

  it("downloads a PNG served with a wrong Content-Type and sniffs it from its bytes", async () => {
    const result = await downloadToFile(at("/image.png"), devOptions());
    expect(result.media).toEqual({ kind: "image", mime: "image/png", ext: "png" });
    expect(result.bytes).toBe(PNG.length);
    expect(result.finalUrl).toBe(at("/image.png"));
    expect(path.dirname(result.filePath)).toBe(destDir);
    expect(result.filePath.endsWith(".png")).toBe(true);
    expect(await readFile(result.filePath)).toEqual(PNG);
  });

  it("follows a redirect within the allow-list and reports the final URL", async () => {
    const result = await downloadToFile(at("/to-image"), devOptions());
    expect(result.finalUrl).toBe(at("/image.png"));
    expect(requests).toEqual(["/to-image", "/image.png"]);
  });

  it("refuses text pretending to be an image, and keeps no file", async () => {
    const error = await failure(downloadToFile(at("/fake.png"), devOptions()));
    expect(error).toMatchObject({ code: "not_media", retryable: false });
    expect(await readdir(destDir)).toEqual([]);
  });

  it("stops a 60 MB body at the 50 MB cap and deletes the partial file", async () => {
    const error = await failure(downloadToFile(at("/huge"), devOptions()));
    expect(error).toMatchObject({ code: "too_large", retryable: false });
    expect(await readdir(destDir)).toEqual([]);
  });

  it("refuses a declared Content-Length over the cap before reading the body", async () => {
    const error = await failure(downloadToFile(at("/huge-declared"), devOptions()));
    expect(error).toMatchObject({ code: "too_large" });
    expect(await readdir(destDir)).toEqual([]);
  });

  it("refuses a host that is not on the allow-list without contacting it", async () => {
    const error = await failure(downloadToFile(at("/image.png", "127.0.0.1"), devOptions()));
    expect(error).toMatchObject({ code: "host_not_allowed", retryable: false });
    expect(requests).toEqual([]);
  });

  it("matches *.suffix entries for subdomains only", async () => {
    const options = { ...devOptions(), allowedHosts: ["*.allowed.example"] };
    const error = await failure(downloadToFile(at("/image.png"), options));
    expect(error.code).toBe("host_not_allowed");
  });

  it("checks the allow-list again on a redirect to another host", async () => {
    const error = await failure(downloadToFile(at("/to-outside"), devOptions()));
    expect(error).toMatchObject({ code: "host_not_allowed" });
    expect(error.message).toContain("outside.example");
    expect(requests).toEqual(["/to-outside"]);
  });

  it("refuses a redirect to a non-http scheme", async () => {
    const error = await failure(downloadToFile(at("/to-ftp"), devOptions()));
    expect(error).toMatchObject({ code: "bad_scheme" });
  });

  it("refuses non-http URLs", async () => {
    for (const url of ["file:///etc/passwd", "ftp://allowed.example/x.png", "data:image/png;base64,AAAA", "not a url"]) {
      const error = await failure(downloadToFile(url, devOptions()));
      expect(error.code).toBe("bad_scheme");
    }
  });

  describe("with private addresses refused (production)", () => {
    const prodOptions = (): DownloadOptions => ({
      ...devOptions(),
      allowPrivateAddresses: false,
      allowedHosts: ["allowed.example", "mixed.example", "127.0.0.1", "::ffff:127.0.0.1"],
    });

    it("refuses an allowed name that resolves to 127.0.0.1, without connecting", async () => {
      const error = await failure(downloadToFile(at("/image.png"), prodOptions()));
      expect(error).toMatchObject({ code: "private_address", retryable: false });
      expect(requests).toEqual([]);
    });

    it("refuses loopback literals, IPv4-mapped IPv6 included", async () => {
      for (const host of ["127.0.0.1", "[::ffff:127.0.0.1]"]) {
        const error = await failure(downloadToFile(at("/image.png", host), prodOptions()));
        expect(error.code).toBe("private_address");
      }
      expect(requests).toEqual([]);
    });

    it("refuses a name when any of its addresses is private (no picking the public one)", async () => {
      const mixed: LookupAll = async () => [
        { address: "93.184.216.34", family: 4 },
        { address: "10.0.0.7", family: 4 },
      ];
      const error = await failure(downloadToFile("http://mixed.example/image.png", { ...prodOptions(), lookup: mixed }));
      expect(error).toMatchObject({ code: "private_address" });
      expect(error.message).toContain("10.0.0.7");
    });
  });

  it("resolves every redirect hop afresh, so each hop's address goes through the policy", async () => {
    const looked: string[] = [];
    const recording: LookupAll = async (hostname) => {
      looked.push(hostname);
      return lookup(hostname);
    };
    const options = { ...devOptions(), allowedHosts: ["allowed.example", "also-allowed.example"], lookup: recording };
    const result = await downloadToFile(at("/to-other-name"), options);
    expect(result.finalUrl).toBe(at("/image.png", "also-allowed.example"));
    expect(looked).toEqual(["allowed.example", "also-allowed.example"]);
  });

  it.each([
    ["/missing", 404],
    ["/forbidden", 403],
    ["/gone", 410],
  ])("treats %s (%i) as an expired link", async (pathname, status) => {
    const error = await failure(downloadToFile(at(pathname), devOptions()));
    expect(error).toMatchObject({ code: "expired", status, retryable: false });
  });

  it("marks 5xx as a retryable http_error and other 4xx as permanent", async () => {
    expect(await failure(downloadToFile(at("/unavailable"), devOptions()))).toMatchObject({ code: "http_error", status: 503, retryable: true });
    expect(await failure(downloadToFile(at("/teapot"), devOptions()))).toMatchObject({ code: "http_error", status: 418, retryable: false });
  });

  it("times out when the server never answers", async () => {
    // Only the timeout can end this download: without it the test runs into vitest's own timeout and fails.
    const error = await failure(downloadToFile(at("/hang"), { ...devOptions(), timeoutMs: 300 }));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
  });

  it("times out when the body stalls, and deletes the partial file", async () => {
    const error = await failure(downloadToFile(at("/stall"), { ...devOptions(), timeoutMs: 300 }));
    expect(error).toMatchObject({ code: "timeout", retryable: true });
    expect(await readdir(destDir)).toEqual([]);
  });

  it("gives up after maxRedirects redirects", async () => {
    const error = await failure(downloadToFile(at("/loop"), devOptions()));
    expect(error).toMatchObject({ code: "too_many_redirects", retryable: false });
    expect(requests).toHaveLength(4);
  });

  it("reports an unreachable host as a retryable network error", async () => {
    const closed = http.createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    const error = await failure(downloadToFile(`http://allowed.example:${closedPort}/x`, devOptions()));
    expect(error).toMatchObject({ code: "network", retryable: true });
  });
});

describe("isPublicAddress", () => {
  it.each([
    "127.0.0.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "::ffff:127.0.0.1",
    "::ffff:8.8.8.8",
    "0:0:0:0:0:ffff:7f00:1",
    "::ffff:a00:1",
    "fe80::1%eth0",
    "not-an-ip",
  ])("refuses %s", (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["8.8.8.8", "93.184.216.34", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"])("accepts %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe("isHostAllowed", () => {
  const allowed = ["tempfile.aiquickdraw.com", "*.kie.ai", "127.0.0.1"];
  it.each([
    ["tempfile.aiquickdraw.com", true],
    ["TempFile.AIQuickDraw.com.", true],
    ["cdn.kie.ai", true],
    ["a.b.kie.ai", true],
    ["kie.ai", false],
    ["evilkie.ai", false],
    ["kie.ai.evil.com", false],
    ["aiquickdraw.com", false],
    ["[127.0.0.1]", true],
  ])("%s → %s", (host, expected) => {
    expect(isHostAllowed(host, allowed)).toBe(expected);
  });
});
