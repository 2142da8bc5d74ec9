import { copyFile, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deriveVideo } from "../src/derive-video";
import { extractPoster } from "../src/extract-poster";
import { meanLuma } from "../src/frame-brightness";
import { probeVideo } from "../src/probe-video";
import sharp from "sharp";
import { ARTIFACTS_DIR, audioOnly, blackStartVideo, makeTempDir, patternVideo, rotatedCopy, writeFixture } from "./fixtures";

const BRIGHT = 60;

describe("video derivation", () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());
  const file = (name: string) => path.join(temp.dir, name);

  it("probes size, duration and codec", async () => {
    const clip = await patternVideo(file("probe.mp4"), { seconds: 2, width: 640, height: 360 });
    expect(await probeVideo(clip)).toEqual({ width: 640, height: 360, durationMs: 2000, codec: "h264", rotation: 0 });
  });

  it("skips the black keyframes at the start: the poster shows the picture", async () => {
    const clip = await blackStartVideo(file("black-start.mp4"), { blackSeconds: 1.2, gop: 25, scenecut: true });
    const result = await deriveVideo(clip);
    expect(result).toMatchObject({ width: 1280, height: 720, durationMs: 5000, codec: "h264" });
    expect(result.preview).toMatchObject({ width: 1280, height: 720 });
    expect(result.thumb).toMatchObject({ width: 711, height: 400 });
    expect(result.poster).toBe(result.preview.data);
    expect(await meanLuma(result.poster)).toBeGreaterThan(BRIGHT);

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await copyFile(clip, path.join(ARTIFACTS_DIR, "black-start.mp4"));
    await writeFile(path.join(ARTIFACTS_DIR, "black-start-poster.webp"), result.poster);
    await writeFile(path.join(ARTIFACTS_DIR, "black-start-thumb.webp"), result.thumb.data);
  });

  it("finds a bright frame between keyframes when the only keyframe is black", async () => {
    const clip = await blackStartVideo(file("black-one-key.mp4"), { blackSeconds: 1.2, gop: 1000, scenecut: false });
    const poster = await extractPoster(clip, await probeVideo(clip));
    expect(await meanLuma(poster)).toBeGreaterThan(BRIGHT);
  });

  it("uses the first frame of a 0.5 s clip with a single keyframe", async () => {
    const clip = await patternVideo(file("short.mp4"), { seconds: 0.5, width: 320, height: 240, gop: 1000 });
    const result = await deriveVideo(clip);
    expect(result).toMatchObject({ width: 320, height: 240 });
    expect(result.durationMs).toBeGreaterThanOrEqual(480);
    expect(result.durationMs).toBeLessThanOrEqual(560);
    expect(result.preview).toMatchObject({ width: 320, height: 240 });
    expect(await meanLuma(result.poster)).toBeGreaterThan(BRIGHT);
  });

  it("returns the darkest clip's brightest frame instead of failing", async () => {
    const clip = await blackStartVideo(file("all-black.mp4"), { blackSeconds: 4.9, gop: 25, scenecut: true });
    const poster = await extractPoster(clip, await probeVideo(clip), { minLuma: 250 });
    expect((await sharp(poster).metadata()).format).toBe("png");
  });

  it("applies rotation: a 320×240 stream rotated by 90° gives a 240×320 poster", async () => {
    const clip = await rotatedCopy(await patternVideo(file("upright.mp4"), { seconds: 1, width: 320, height: 240 }), file("rotated.mp4"));
    const probe = await probeVideo(clip);
    expect(probe).toMatchObject({ width: 240, height: 320 });
    expect([90, 270]).toContain(probe.rotation);
    const meta = await sharp(await extractPoster(clip, probe)).metadata();
    expect({ width: meta.width, height: meta.height }).toEqual({ width: 240, height: 320 });
  });

  it("derives a WebM", async () => {
    const clip = await patternVideo(file("clip.webm"), { seconds: 1, width: 320, height: 180 });
    expect(await deriveVideo(clip)).toMatchObject({ width: 320, height: 180, codec: "vp8" });
  });

  it("refuses a file without a video stream as unsupported", async () => {
    const error = await probeVideo(await audioOnly(file("tone.wav"))).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "unsupported" });
  });

  it("refuses a text file as corrupt", async () => {
    const error = await probeVideo(await writeFixture(temp.dir, "notes.mp4", "just some text\n")).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "corrupt" });
  });

  it("gives up with a timeout when the budget is spent", async () => {
    const clip = await patternVideo(file("budget.mp4"), { seconds: 1, width: 320, height: 240 });
    const error = await extractPoster(clip, await probeVideo(clip), { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "timeout" });
  });
});
