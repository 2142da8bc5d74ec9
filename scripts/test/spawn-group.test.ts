import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import { runCommand } from "../lib/run-command";
import { spawnGroup } from "../lib/spawn-group";

/** Running or sleeping: a killed process that nobody has reaped yet is a zombie ("Z") and counts as gone. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return !alive(pid);
}

/** A leader that starts a grandchild which ignores SIGTERM and prints its pid. */
const LEADER = `
const { spawn } = require("node:child_process");
const grandchild = spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("grandchild " + grandchild.pid);
setInterval(() => {}, 1000);
`;

describe("spawnGroup", () => {
  it("waits for a line and stops the whole group, SIGKILL for what ignores SIGTERM", async () => {
    const leader = spawnGroup({
      name: "leader",
      command: process.execPath,
      args: ["-e", LEADER],
      cwd: process.cwd(),
      env: process.env,
      onLine: () => undefined,
    });
    const line = await leader.waitForLine(/^grandchild \d+$/, 20_000);
    const grandchild = Number(line.split(" ")[1]);
    expect(alive(grandchild)).toBe(true);
    await leader.stop(500);
    expect(await leader.exited).toMatchObject({ signal: "SIGTERM" });
    expect(await waitUntilGone(grandchild, 10_000)).toBe(true);
  });

  it("rejects a wait for a line once the leader exits without printing it", async () => {
    const child = spawnGroup({
      name: "quiet",
      command: process.execPath,
      args: ["-e", "console.log('other')"],
      cwd: process.cwd(),
      env: process.env,
      onLine: () => undefined,
    });
    await expect(child.waitForLine(/^never$/, 20_000)).rejects.toThrow(/quiet exited before printing/);
    expect(child.lines).toEqual(["other"]);
  });
});

describe("runCommand", () => {
  it("resolves with the exit code", async () => {
    expect(await runCommand(process.execPath, ["-e", "process.exit(3)"], { cwd: process.cwd(), timeoutMs: 20_000 })).toBe(3);
  });

  it("resolves with 127 when the command cannot start", async () => {
    expect(await runCommand("/nonexistent/tool", [], { cwd: process.cwd(), timeoutMs: 20_000 })).toBe(127);
  });
});
