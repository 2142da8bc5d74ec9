import sharp, { type OutputInfo, type Raw, type Sharp } from "sharp";
import { rgbaToThumbHash } from "thumbhash";
import { fitLongSide, fitShortSide, larger, type Size } from "./fit-size";
import { MediaError } from "./media-error";

export interface DeriveImageOptions {
  /** Thumbnail short side in px (default 400). */
  thumbShortSide?: number;
  thumbQuality?: number;
  /** Preview long side in px (default 1600). */
  previewLongSide?: number;
  previewQuality?: number;
  /** libwebp effort 0–6 (default 2: as small as higher efforts on generated pictures, in a fraction of the time; docs/performance.md). */
  webpEffort?: number;
  /** Inputs with more pixels than this are refused as `too_large` (default 100 MP). */
  maxInputPixels?: number;
}

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  bytes: number;
}

export interface DerivedImage {
  /** Size of the original as displayed (after EXIF orientation). */
  width: number;
  height: number;
  /** WebP. */
  thumb: EncodedImage;
  /** WebP. */
  preview: EncodedImage;
  /** Base64 ThumbHash placeholder. */
  thumbhash: string;
}

type RawImage = { data: Buffer; info: OutputInfo };

/**
 * Decodes an image once (EXIF-oriented, sRGB, 8-bit, already shrunk to the largest size any
 * derivative needs) and derives a WebP thumbnail, a WebP preview and a ThumbHash from those pixels.
 * Throws `MediaError`: `corrupt`, `unsupported` (format sharp cannot read) or `too_large`.
 */
export async function deriveImage(input: Buffer, options: DeriveImageOptions = {}): Promise<DerivedImage> {
  const { thumbShortSide = 400, thumbQuality = 72, previewLongSide = 1600, previewQuality = 80, webpEffort = 2 } = options;
  const maxInputPixels = options.maxInputPixels ?? 100_000_000;
  try {
    const source = sharp(input, { failOn: "error", limitInputPixels: maxInputPixels });
    const { autoOrient: oriented } = await source.metadata();
    const thumbSize = fitShortSide(oriented, thumbShortSide);
    const previewSize = fitLongSide(oriented, previewLongSide);
    const decoded = await decode(source, larger(thumbSize, previewSize));

    const pixels = sharp(decoded.data, { raw: rawInfo(decoded.info) });
    const [thumb, preview, thumbhash] = await Promise.all([
      encodeWebp(pixels.clone(), thumbSize, { quality: thumbQuality, effort: webpEffort }),
      encodeWebp(pixels.clone(), previewSize, { quality: previewQuality, effort: webpEffort }),
      computeThumbhash(pixels.clone()),
    ]);
    return { width: oriented.width, height: oriented.height, thumb, preview, thumbhash };
  } catch (error) {
    throw toMediaError(error);
  }
}

function decode(source: Sharp, size: Size): Promise<RawImage> {
  return source
    .autoOrient()
    .resize(size.width, size.height, { fit: "fill" })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
}

function rawInfo(info: OutputInfo): Raw {
  return { width: info.width, height: info.height, channels: info.channels };
}

async function encodeWebp(pipeline: Sharp, size: Size, webp: { quality: number; effort: number }): Promise<EncodedImage> {
  const { data, info } = await pipeline.resize(size.width, size.height, { fit: "fill" }).webp(webp).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, bytes: data.length };
}

async function computeThumbhash(pipeline: Sharp): Promise<string> {
  const { data, info } = await pipeline.resize(100, 100, { fit: "inside" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64");
}

function toMediaError(error: unknown): MediaError {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new MediaError("too_large", `image is too large: ${message}`, { cause: error });
  if (/unsupported image format/i.test(message)) {
    return new MediaError("unsupported", `image format is not supported: ${message}`, { cause: error });
  }
  return new MediaError("corrupt", `image could not be decoded: ${message}`, { cause: error });
}
