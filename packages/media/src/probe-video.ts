import { z } from "zod";
import { resolveMediaBinaries, type MediaBinaries } from "./binaries";
import { MediaError } from "./media-error";
import { runProcess } from "./run-process";

export interface VideoProbe {
  /** Display size: already swapped when the stream is rotated by 90° or 270°. */
  width: number;
  height: number;
  /** Null when neither the stream nor the container states a duration. */
  durationMs: number | null;
  /** ffprobe's codec name, e.g. "h264", "hevc", "vp9". */
  codec: string;
  /** Display rotation in degrees as ffprobe reports it, normalised to 0, 90, 180 or 270. */
  rotation: 0 | 90 | 180 | 270;
}

export interface ProbeVideoOptions {
  binaries?: Partial<MediaBinaries>;
  timeoutMs?: number;
}

const numeric = z.union([z.number(), z.string()]).transform(Number).pipe(z.number().finite());

const streamSchema = z.object({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  duration: numeric.optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).optional(),
  tags: z.object({ rotate: numeric.optional() }).optional(),
  side_data_list: z.array(z.object({ rotation: numeric.optional() })).optional(),
});

const probeSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.object({ duration: numeric.optional() }).optional(),
});

type ProbeStream = z.infer<typeof streamSchema>;

/** Reads a video's first real video stream (cover art is skipped) with ffprobe. */
export async function probeVideo(filePath: string, options: ProbeVideoOptions = {}): Promise<VideoProbe> {
  const { ffprobePath } = resolveMediaBinaries(options.binaries);
  const args = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", "--", filePath];
  const { stdout } = await runProcess(ffprobePath, args, { timeoutMs: options.timeoutMs ?? 15_000 }).catch((error: unknown) => {
    if (error instanceof MediaError && error.code === "tool_failed") {
      throw new MediaError("corrupt", `not a readable media file: ${error.message}`, { cause: error });
    }
    throw error;
  });

  const parsed = probeSchema.safeParse(parseJson(stdout.toString("utf8")));
  if (!parsed.success) throw new MediaError("tool_failed", `unexpected ffprobe output: ${z.prettifyError(parsed.error)}`);

  const stream = parsed.data.streams.find((s) => s.codec_type === "video" && s.disposition?.attached_pic !== 1);
  if (!stream?.width || !stream.height) throw new MediaError("unsupported", "the file has no video stream");

  const rotation = normaliseRotation(stream);
  const swap = rotation === 90 || rotation === 270;
  const seconds = stream.duration ?? parsed.data.format?.duration;
  return {
    width: swap ? stream.height : stream.width,
    height: swap ? stream.width : stream.height,
    durationMs: seconds !== undefined && seconds > 0 ? Math.round(seconds * 1000) : null,
    codec: stream.codec_name ?? "unknown",
    rotation,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MediaError("tool_failed", "ffprobe did not print JSON", { cause: error });
  }
}

function normaliseRotation(stream: ProbeStream): VideoProbe["rotation"] {
  const degrees = stream.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? stream.tags?.rotate ?? 0;
  const quarterTurns = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return ([0, 90, 180, 270] as const)[quarterTurns] ?? 0;
}
