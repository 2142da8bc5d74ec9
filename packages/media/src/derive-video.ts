import type { MediaBinaries } from "./binaries";
import { deriveImage, type DeriveImageOptions, type EncodedImage } from "./derive-image";
import { extractPoster, type ExtractPosterOptions } from "./extract-poster";
import { probeVideo } from "./probe-video";

export interface DeriveVideoOptions {
  binaries?: Partial<MediaBinaries>;
  probeTimeoutMs?: number;
  poster?: Omit<ExtractPosterOptions, "binaries">;
  image?: DeriveImageOptions;
}

export interface DerivedVideo {
  /** Display size (rotation applied). */
  width: number;
  height: number;
  durationMs: number | null;
  codec: string;
  /** WebP poster frame; the same bytes as `preview.data`. */
  poster: Buffer;
  thumb: EncodedImage;
  preview: EncodedImage;
  thumbhash: string;
}

/** Probes a video, picks a non-black poster frame and derives thumbnail, preview and ThumbHash from it. */
export async function deriveVideo(filePath: string, options: DeriveVideoOptions = {}): Promise<DerivedVideo> {
  const probe = await probeVideo(filePath, { binaries: options.binaries, timeoutMs: options.probeTimeoutMs });
  const frame = await extractPoster(filePath, probe, { ...options.poster, binaries: options.binaries });
  const { thumb, preview, thumbhash } = await deriveImage(frame, options.image);
  return {
    width: probe.width,
    height: probe.height,
    durationMs: probe.durationMs,
    codec: probe.codec,
    poster: preview.data,
    thumb,
    preview,
    thumbhash,
  };
}
