import { serverRequestSchema, type ServerMessage } from "./embedded-server-messages";
import { startEmbeddedPostgresInProcess } from "./embedded-server";

// The process that owns one embedded PostgreSQL server (started by `startEmbeddedPostgres` in embedded.ts). It
// reports on stdout as JSON lines and stops the server when its stdin ends: the parent closing it, or the parent
// exiting for any reason, so a server never outlives the process that asked for it.
const send = (message: ServerMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);
// A parent that is gone cannot read the shutdown's log lines; the server is stopped all the same.
process.stdout.on("error", () => undefined);

const request = serverRequestSchema.parse(JSON.parse(process.argv[2] ?? "null"));
try {
  const server = await startEmbeddedPostgresInProcess({ ...request, log: (line) => send({ type: "log", line }) });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        send({ type: "log", line: `postgres did not stop cleanly: ${String(error)}` });
        process.exit(1);
      },
    );
  };
  process.stdin.on("end", stop).on("error", stop).resume();
  send({ type: "ready", url: server.url, port: server.port, dataDir: server.dataDir });
} catch (error) {
  send({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
