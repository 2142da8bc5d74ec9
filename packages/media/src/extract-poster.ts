import { resolveMediaBinaries, type MediaBinaries } from "./binaries";
import { fitLongSide } from "./fit-size";
import { meanLuma } from "./frame-brightness";
import { frameAtArgs, grabFrames, keyframeArgs } from "./grab-frames";
import { MediaError } from "./media-error";
import type { VideoProbe } from "./probe-video";

export interface ExtractPosterOptions {
  binaries?: Partial<MediaBinaries>;
  /** Budget for the whole search (default 30 s). */
  timeoutMs?: number;
  /** Frames with a mean luma (0–255) below this count as black (default 24). */
  minLuma?: number;
  /** Long side of the returned frame, never enlarged (default 1920). */
  maxSide?: number;
  /** How many keyframes to consider (default 6). */
  keyframes?: number;
  /** Keyframes are taken from this first part of the clip (default 60 s). */
  searchWindowMs?: number;
}

interface Candidate {
  image: Buffer;
  luma: number;
}

/** Exact-seek points (fractions of the duration, or seconds when it is unknown) tried when every keyframe is dark. */
const FALLBACK_FRACTIONS = [0.1, 0.25, 0.5];
const FALLBACK_SECONDS_UNKNOWN_DURATION = [1, 3, 10];

/**
 * Picks a representative, non-black frame (PNG, display-oriented):
 * 1. a few keyframes spread over the start of the clip (cheap: only keyframes are decoded), first bright one wins;
 * 2. if all are dark, exact seeks to 10 %, 25 %, 50 % of the clip;
 * 3. otherwise the brightest frame seen (a genuinely dark clip), or the first decodable frame.
 * Throws `MediaError("corrupt")` when no frame decodes, `timeout` when the budget runs out.
 */
export async function extractPoster(filePath: string, probe: VideoProbe, options: ExtractPosterOptions = {}): Promise<Buffer> {
  const { timeoutMs = 30_000, minLuma = 24, maxSide = 1920, keyframes = 6, searchWindowMs = 60_000 } = options;
  const { ffmpegPath } = resolveMediaBinaries(options.binaries);
  const deadline = Date.now() + timeoutMs;
  const remaining = (): number => deadline - Date.now();
  const size = fitLongSide(probe, maxSide);
  const seen: Candidate[] = [];

  const firstBright = async (frames: Buffer[]): Promise<Buffer | undefined> => {
    for (const image of frames) {
      const candidate = { image, luma: await meanLuma(image) };
      seen.push(candidate);
      if (candidate.luma >= minLuma) return image;
    }
    return undefined;
  };

  const durationSeconds = probe.durationMs === null ? null : probe.durationMs / 1000;
  const windowSeconds = Math.min(durationSeconds ?? Infinity, searchWindowMs / 1000);
  const sample = { windowSeconds, count: keyframes };
  const bright = await firstBright(await grabFrames(ffmpegPath, keyframeArgs(filePath, size, sample), remaining()));
  if (bright) return bright;

  const seekPoints = durationSeconds === null ? FALLBACK_SECONDS_UNKNOWN_DURATION : FALLBACK_FRACTIONS.map((f) => f * durationSeconds);
  for (const seconds of seekPoints) {
    const found = await firstBright(await grabFrames(ffmpegPath, frameAtArgs(filePath, size, seconds), remaining()));
    if (found) return found;
  }

  const brightest = seen.reduce<Candidate | undefined>((best, c) => (!best || c.luma > best.luma ? c : best), undefined);
  if (brightest) return brightest.image;
  const [first] = await grabFrames(ffmpegPath, frameAtArgs(filePath, size, 0), remaining());
  if (first) return first;
  throw new MediaError("corrupt", "no video frame could be decoded");
}
