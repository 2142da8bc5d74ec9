import type { Size } from "./fit-size";
import { MediaError } from "./media-error";
import { runProcess } from "./run-process";
import { splitPngStream } from "./split-png-stream";

const COMMON_INPUT = ["-hide_banner", "-loglevel", "error", "-nostdin"];
const PNG_OUTPUT = ["-an", "-sn", "-dn", "-vsync", "0", "-c:v", "png", "-compression_level", "1", "-f", "image2pipe", "-"];

export interface KeyframeSample {
  /** Only keyframes within the first `windowSeconds` are decoded. */
  windowSeconds: number;
  /** Up to this many keyframes, at least `windowSeconds / count` apart. */
  count: number;
}

/** ffmpeg arguments: a few keyframes spread over the start of the clip (non-keyframes are never decoded). */
export function keyframeArgs(filePath: string, size: Size, sample: KeyframeSample): string[] {
  const spacing = (sample.windowSeconds / sample.count).toFixed(3);
  const select = `select='isnan(prev_selected_t)+gte(t-prev_selected_t,${spacing})'`;
  return [
    ...COMMON_INPUT,
    "-skip_frame",
    "nokey",
    "-t",
    sample.windowSeconds.toFixed(3),
    "-i",
    filePath,
    "-vf",
    `${select},scale=${size.width}:${size.height}`,
    "-frames:v",
    String(sample.count),
    ...PNG_OUTPUT,
  ];
}

/** ffmpeg arguments: the first frame shown at or after `seconds` (exact seek, any frame type). */
export function frameAtArgs(filePath: string, size: Size, seconds: number): string[] {
  return [...COMMON_INPUT, "-ss", seconds.toFixed(3), "-i", filePath, "-vf", `scale=${size.width}:${size.height}`, "-frames:v", "1", ...PNG_OUTPUT];
}

/**
 * Runs ffmpeg and returns the PNG frames it wrote. A decoding failure yields no frames rather than
 * an error (the caller tries other frames); a timeout still throws.
 */
export async function grabFrames(ffmpegPath: string, args: string[], timeoutMs: number): Promise<Buffer[]> {
  if (timeoutMs <= 0) throw new MediaError("timeout", "ran out of time while looking for a poster frame");
  try {
    const { stdout } = await runProcess(ffmpegPath, args, { timeoutMs, maxStdoutBytes: 256 * 1024 * 1024 });
    return splitPngStream(stdout);
  } catch (error) {
    if (error instanceof MediaError && error.code === "tool_failed") return [];
    throw error;
  }
}
