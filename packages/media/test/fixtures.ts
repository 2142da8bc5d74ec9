import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { resolveMediaBinaries } from "../src/binaries";

const run = promisify(execFile);

/** Where a human can look at what the tests produced (git-ignored). */
export const ARTIFACTS_DIR = path.resolve(import.meta.dirname, "../../../artifacts/media");

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "lensroom-media-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A colourful PNG (1024×1024 unless told): gradient, shapes and a little grain, like a generated picture. */
export async function colourfulPng(width = 1024, height = width): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#ff7a18"/><stop offset="0.5" stop-color="#af002d"/><stop offset="1" stop-color="#319197"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${width * 0.3}" cy="${height * 0.35}" r="${Math.min(width, height) * 0.18}" fill="#ffe66d"/>
    <rect x="${width * 0.55}" y="${height * 0.55}" width="${width * 0.3}" height="${height * 0.3}" fill="#1a535c"/>
  </svg>`;
  const grain = await sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 12 } } })
    .png()
    .toBuffer();
  return sharp(Buffer.from(svg))
    .composite([{ input: grain, blend: "soft-light" }])
    .png()
    .toBuffer();
}

/**
 * 800×600 pixels as stored (red top half, blue bottom half) with EXIF orientation 6, so it
 * displays as 600×800 with red on the right.
 */
export function jpegWithOrientation6(): Promise<Buffer> {
  const half = (colour: string) =>
    sharp({ create: { width: 800, height: 300, channels: 3, background: colour } })
      .png()
      .toBuffer();
  return Promise.all([half("#ff0000"), half("#0000ff")]).then(([red, blue]) =>
    sharp({ create: { width: 800, height: 600, channels: 3, background: "#000000" } })
      .composite([
        { input: red, top: 0, left: 0 },
        { input: blue, top: 300, left: 0 },
      ])
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  );
}

export async function writeFixture(dir: string, name: string, data: Buffer | string): Promise<string> {
  const filePath = path.join(dir, name);
  await writeFile(filePath, data);
  return filePath;
}

/** Runs the bundled ffmpeg to build a fixture video. */
export async function ffmpeg(args: string[]): Promise<void> {
  const { ffmpegPath } = resolveMediaBinaries();
  await run(ffmpegPath, ["-hide_banner", "-loglevel", "error", "-y", ...args], { timeout: 60_000 });
}

const X264 = ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"];

/** 1280×720, 5 s: `blackSeconds` of black, then a colourful test pattern; keyframes every `gop` frames (25 fps). */
export async function blackStartVideo(filePath: string, opts: { blackSeconds: number; gop: number; scenecut: boolean }): Promise<string> {
  await ffmpeg([
    "-f",
    "lavfi",
    "-i",
    `color=c=black:s=1280x720:r=25:d=${opts.blackSeconds}`,
    "-f",
    "lavfi",
    "-i",
    `testsrc2=s=1280x720:r=25:d=${5 - opts.blackSeconds}`,
    "-filter_complex",
    "[0:v][1:v]concat=n=2:v=1:a=0[v]",
    "-map",
    "[v]",
    ...X264,
    "-g",
    String(opts.gop),
    "-x264-params",
    `scenecut=${opts.scenecut ? 40 : 0}`,
    filePath,
  ]);
  return filePath;
}

/** A test-pattern clip; `gop` larger than the frame count gives a single keyframe. */
export async function patternVideo(filePath: string, opts: { seconds: number; width: number; height: number; gop?: number }): Promise<string> {
  const codec = filePath.endsWith(".webm") ? ["-c:v", "libvpx", "-b:v", "500k"] : [...X264, "-g", String(opts.gop ?? 50)];
  await ffmpeg(["-f", "lavfi", "-i", `testsrc2=s=${opts.width}x${opts.height}:r=25:d=${opts.seconds}`, ...codec, filePath]);
  return filePath;
}

/** Copies a video, marking its stream as rotated by 90° (display matrix). */
export async function rotatedCopy(source: string, filePath: string): Promise<string> {
  await ffmpeg(["-i", source, "-c", "copy", "-metadata:s:v:0", "rotate=90", filePath]);
  return filePath;
}

/** A 1 s sine tone with no video stream. */
export async function audioOnly(filePath: string): Promise<string> {
  await ffmpeg(["-f", "lavfi", "-i", "sine=frequency=440:duration=1", filePath]);
  return filePath;
}
