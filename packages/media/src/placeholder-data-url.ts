import sharp from "sharp";
import { thumbHashToRGBA } from "thumbhash";

import { fitLongSide } from "./fit-size";

/**
 * Placeholders are stretched over the tile and drawn with the browser's smooth scaling: a ThumbHash carries only its
 * lowest frequencies, so 8 px on the long side keeps everything it has to show in a few hundred bytes of PNG (the
 * listing sends one per tile).
 */
const PLACEHOLDER_LONG_SIDE = 8;

/**
 * A ThumbHash drawn as a tiny PNG data URL for a CSS background, made once when the hash is made and stored beside
 * it. Anything that is not a ThumbHash (5–25 bytes of base64) gives null: no placeholder, never a broken page.
 */
export async function placeholderDataUrl(thumbhashBase64: string): Promise<string | null> {
  if (!/^[A-Za-z0-9+/]{7,64}={0,2}$/.test(thumbhashBase64)) return null;
  let image: { w: number; h: number; rgba: Uint8Array };
  try {
    image = thumbHashToRGBA(new Uint8Array(Buffer.from(thumbhashBase64, "base64")));
  } catch {
    return null;
  }
  const size = fitLongSide({ width: image.w, height: image.h }, PLACEHOLDER_LONG_SIDE);
  const opaque = image.rgba.every((value, i) => i % 4 !== 3 || value === 255);
  let pipeline = sharp(image.rgba, { raw: { width: image.w, height: image.h, channels: 4 } }).resize(size.width, size.height, { fit: "fill" });
  if (opaque) pipeline = pipeline.removeAlpha();
  const png = await pipeline.png({ compressionLevel: 9 }).toBuffer();
  return `data:image/png;base64,${png.toString("base64")}`;
}
