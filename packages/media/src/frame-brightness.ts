import sharp from "sharp";

/** Mean luma (Rec. 709 weights) of an encoded image, 0 (black) to 255 (white). */
export async function meanLuma(image: Buffer): Promise<number> {
  const { channels } = await sharp(image).stats();
  const [r, g, b] = channels;
  if (!r) return 0;
  if (!g || !b) return r.mean;
  return 0.2126 * r.mean + 0.7152 * g.mean + 0.0722 * b.mean;
}
