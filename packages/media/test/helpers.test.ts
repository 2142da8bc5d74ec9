import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { fitLongSide, fitShortSide, larger } from "../src/fit-size";
import { MediaError } from "../src/media-error";
import { runProcess } from "../src/run-process";
import { splitPngStream } from "../src/split-png-stream";

describe("fit-size", () => {
  it("scales the short side down and never up", () => {
    expect(fitShortSide({ width: 3000, height: 2000 }, 400)).toEqual({ width: 600, height: 400 });
    expect(fitShortSide({ width: 300, height: 200 }, 400)).toEqual({ width: 300, height: 200 });
  });

  it("keeps a panorama's thumbnail within the WebP side limit", () => {
    expect(fitShortSide({ width: 100_000, height: 1000 }, 400)).toEqual({ width: 16_383, height: 164 });
  });

  it("scales the long side down and never up", () => {
    expect(fitLongSide({ width: 2000, height: 3000 }, 1600)).toEqual({ width: 1067, height: 1600 });
    expect(fitLongSide({ width: 1024, height: 1024 }, 1600)).toEqual({ width: 1024, height: 1024 });
  });

  it("picks the larger size", () => {
    expect(larger({ width: 600, height: 400 }, { width: 1600, height: 1067 })).toEqual({ width: 1600, height: 1067 });
  });
});

describe("splitPngStream", () => {
  const png = (colour: string) =>
    sharp({ create: { width: 4, height: 4, channels: 3, background: colour } })
      .png()
      .toBuffer();

  it("splits concatenated PNGs and drops a truncated tail", async () => {
    const [a, b] = await Promise.all([png("#f00"), png("#00f")]);
    const images = splitPngStream(Buffer.concat([a, b, b.subarray(0, 20)]));
    expect(images).toHaveLength(2);
    expect(images[0]?.equals(a)).toBe(true);
    expect(images[1]?.equals(b)).toBe(true);
  });

  it("refuses output that is not PNG", () => {
    expect(() => splitPngStream(Buffer.from("frame=1 fps=0"))).toThrow(MediaError);
  });
});

describe("runProcess", () => {
  it("returns stdout on success", async () => {
    const { stdout } = await runProcess(process.execPath, ["-e", "process.stdout.write('hi')"], { timeoutMs: 5000 });
    expect(stdout.toString()).toBe("hi");
  });

  it("kills a process that runs too long", async () => {
    // The child would run for 60 s, past vitest's own timeout: only the kill ends it in time.
    const error = await runProcess(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "timeout" });
  });

  it("kills a process whose output exceeds the cap", async () => {
    const script = "const b = Buffer.alloc(65536); const w = () => process.stdout.write(b, w); w();";
    const error = await runProcess(process.execPath, ["-e", script], { timeoutMs: 5000, maxStdoutBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "too_large" });
  });

  it("reports a non-zero exit with the end of stderr", async () => {
    const error = await runProcess(process.execPath, ["-e", "console.error('boom: bad input'); process.exit(3)"], { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "tool_failed" });
    expect(String(error)).toContain("boom: bad input");
  });

  it("reports a missing program as tool_failed", async () => {
    const error = await runProcess("/nonexistent/ffmpeg", [], { timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "tool_failed" });
  });
});
