import net from "node:net";

// A lean HTTP/1.1 keep-alive client for load generation (like autocannon's): each request is one prebuilt string
// written to an idle socket, each reply parsed just enough for its status and body (Content-Length or chunked).
// It keeps the load generator's own CPU small, since it shares the machine with the server under test.

export interface RawReply {
  status: number;
  body: string;
  /** performance.now() when the request was written to a socket (after waiting for a free one). */
  writtenAt: number;
}

interface Pending {
  text: string;
  resolve: (reply: RawReply) => void;
  reject: (error: Error) => void;
  writtenAt: number;
  cancelled: boolean;
  socket: net.Socket | null;
}

const HEADER_END = Buffer.from("\r\n\r\n");

/** Parse one complete reply at the start of `buffer`; null while incomplete. */
function parseReply(buffer: Buffer): { status: number; body: string; length: number } | null {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return null;
  const head = buffer.toString("latin1", 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const contentLength = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  let offset = headerEnd + 4;
  if (contentLength) {
    const end = offset + Number(contentLength[1]);
    return buffer.length < end ? null : { status, body: buffer.toString("utf8", offset, end), length: end };
  }
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return { status, body: "", length: offset };
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = buffer.indexOf("\r\n", offset);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(buffer.toString("latin1", offset, lineEnd), 16);
    const dataEnd = lineEnd + 2 + size;
    if (buffer.length < dataEnd + 2) return null;
    if (size === 0) return { status, body: Buffer.concat(parts).toString("utf8"), length: dataEnd + 2 };
    parts.push(buffer.subarray(lineEnd + 2, dataEnd));
    offset = dataEnd + 2;
  }
}

export function createRawHttpClient(options: { host: string; port: number; maxConnections: number }) {
  const idle: Connection[] = [];
  const queue: Pending[] = [];
  let open = 0;

  class Connection {
    readonly socket = net.connect(options.port, options.host);
    private buffer: Buffer = Buffer.alloc(0);
    current: Pending | null = null;

    constructor() {
      this.socket.setNoDelay(true);
      this.socket.on("data", (chunk: Buffer) => {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        const reply = this.current ? parseReply(this.buffer) : null;
        if (!reply || !this.current) return;
        const done = this.current;
        this.current = null;
        this.buffer = this.buffer.subarray(reply.length);
        done.resolve({ status: reply.status, body: reply.body, writtenAt: done.writtenAt });
        this.release();
      });
      this.socket.on("error", () => undefined);
      this.socket.on("close", () => {
        open--;
        const index = idle.indexOf(this);
        if (index >= 0) idle.splice(index, 1);
        if (this.current) this.current.reject(new Error("connection closed before the reply"));
        this.current = null;
        pump();
      });
    }

    write(pending: Pending) {
      this.current = pending;
      pending.socket = this.socket;
      pending.writtenAt = performance.now();
      this.socket.write(pending.text);
    }

    private release() {
      idle.push(this);
      pump();
    }
  }

  function pump() {
    while (queue.length > 0) {
      const pending = queue[0];
      if (!pending) break;
      if (pending.cancelled) {
        queue.shift();
        continue;
      }
      let connection = idle.pop();
      if (!connection && open < options.maxConnections) {
        open++;
        connection = new Connection();
      }
      if (!connection) return;
      queue.shift();
      connection.write(pending);
    }
  }

  return {
    /** Send one prebuilt request; `cancel` drops it if still queued, or closes its socket if written. */
    request(text: string) {
      const entry: Pending = { text, resolve: () => undefined, reject: () => undefined, writtenAt: Number.NaN, cancelled: false, socket: null };
      const promise = new Promise<RawReply>((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      queue.push(entry);
      pump();
      return {
        promise,
        cancel() {
          entry.cancelled = true;
          entry.socket?.destroy();
        },
      };
    },
    close() {
      for (const connection of idle.splice(0)) connection.socket.destroy();
    },
  };
}
