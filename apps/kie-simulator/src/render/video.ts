import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { seededRandom } from "./palette";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ffmpegPath = path.join(path.dirname(require.resolve("@ffmpeg-installer/linux-x64/package.json")), "ffmpeg");
const ffmpegTimeoutMs = 60_000;

/** Renders are shared across simulator instances, so they are bounded by a timeout, not by one instance's close().
 * A real ~2 s H.264/yuv420p MP4 with faststart: a moving test pattern tinted by the prompt. */
export async function renderVideo(prompt: string, width: number, height: number, outFile: string): Promise<void> {
  const rnd = seededRandom(prompt);
  const hue = Math.floor(rnd() * 360);
  const graph = `testsrc2=size=${width}x${height}:rate=24:duration=2,hue=h=${hue}:s=0.8,vignette`;
  await run(
    ffmpegPath,
    [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      graph,
      "-c:v",
      "libx264",
      "-preset",
      "veryfast",
      "-pix_fmt",
      "yuv420p",
      "-movflags",
      "+faststart",
      "-an",
      "-f",
      "mp4",
      outFile,
    ],
    { timeout: ffmpegTimeoutMs },
  );
}

/** A PNG poster taken from the video (Runway's cover image). */
export async function renderPoster(videoFile: string, outFile: string): Promise<void> {
  await run(ffmpegPath, ["-hide_banner", "-loglevel", "error", "-y", "-ss", "1", "-i", videoFile, "-frames:v", "1", "-f", "image2", "-c:v", "png", outFile], {
    timeout: ffmpegTimeoutMs,
  });
}
