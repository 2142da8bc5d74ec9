import sharp from "sharp";
import { rgbaToThumbHash, thumbHashToDataURL, thumbHashToRGBA } from "thumbhash";
import { beforeAll, describe, expect, it } from "vitest";

import { placeholderDataUrl } from "../src/placeholder-data-url";
import { colourfulPng } from "./fixtures";

async function thumbhashOf(image: Buffer): Promise<string> {
  const { data, info } = await sharp(image).resize(100, 100, { fit: "inside" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.from(rgbaToThumbHash(info.width, info.height, data)).toString("base64");
}

async function decodeDataUrl(url: string) {
  expect(url.startsWith("data:image/png;base64,")).toBe(true);
  const png = Buffer.from(url.slice("data:image/png;base64,".length), "base64");
  // sharp (libvips/libspng) checks every chunk's CRC and the deflate stream: a malformed PNG throws here.
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, info, bytes: url.length };
}

describe("placeholderDataUrl", () => {
  let wide: string;
  beforeAll(async () => {
    const png = await colourfulPng(512);
    wide = await thumbhashOf(await sharp(png).resize(512, 256, { fit: "fill" }).png().toBuffer());
  });

  it("renders a ThumbHash as an 8 px opaque PNG with the hash's colours, >10× smaller than the reference data URL", async () => {
    const hash = new Uint8Array(Buffer.from(wide, "base64"));
    const url = await placeholderDataUrl(wide);
    if (!url) throw new Error("no placeholder");
    const { data, info, bytes } = await decodeDataUrl(url);
    const reference = thumbHashToRGBA(hash);
    expect({ channels: info.channels, width: info.width }).toEqual({ channels: 3, width: 8 });
    expect(info.height).toBe(Math.round((8 * reference.h) / reference.w));
    expect(bytes).toBeLessThan(600);
    expect(bytes * 10).toBeLessThan(thumbHashToDataURL(hash).length);

    // The same picture as the reference's 32 px one, sampled (bilinearly) where our pixel centres fall on it.
    const at = (x: number, y: number, c: number) => reference.rgba[(y * reference.w + x) * 4 + c] ?? -99;
    const sample = (u: number, v: number, c: number) => {
      const fx = Math.min(Math.max(u * reference.w - 0.5, 0), reference.w - 1);
      const fy = Math.min(Math.max(v * reference.h - 0.5, 0), reference.h - 1);
      const [x0, y0] = [Math.floor(fx), Math.floor(fy)];
      const [x1, y1] = [Math.min(x0 + 1, reference.w - 1), Math.min(y0 + 1, reference.h - 1)];
      const [tx, ty] = [fx - x0, fy - y0];
      return (at(x0, y0, c) * (1 - tx) + at(x1, y0, c) * tx) * (1 - ty) + (at(x0, y1, c) * (1 - tx) + at(x1, y1, c) * tx) * ty;
    };
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        for (let c = 0; c < 3; c++) {
          const expected = sample((x + 0.5) / info.width, (y + 0.5) / info.height, c);
          expect(Math.abs((data[(y * info.width + x) * 3 + c] ?? -99) - expected)).toBeLessThanOrEqual(6);
        }
      }
    }
    // It is a picture, not a flat colour.
    const reds = Array.from({ length: info.width * info.height }, (_, i) => data[i * 3] ?? 0);
    expect(Math.max(...reds) - Math.min(...reds)).toBeGreaterThan(30);
  });

  it("keeps transparency as an RGBA PNG", async () => {
    const half = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } })
      .composite([
        {
          input: await sharp({ create: { width: 32, height: 64, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 1 } } })
            .png()
            .toBuffer(),
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const url = await placeholderDataUrl(await thumbhashOf(half));
    if (!url) throw new Error("no placeholder");
    const { data, info } = await decodeDataUrl(url);
    expect(info.channels).toBe(4);
    const alphaAt = (x: number) => data[(Math.floor(info.height / 2) * info.width + x) * 4 + 3] ?? -1;
    expect(alphaAt(1)).toBeGreaterThan(alphaAt(info.width - 2) + 100);
  });

  it("answers null for a malformed hash, and the same string for the same hash", async () => {
    expect(await placeholderDataUrl("")).toBeNull();
    expect(await placeholderDataUrl("AA")).toBeNull();
    expect(await placeholderDataUrl("not base64 at all!")).toBeNull();
    expect(await placeholderDataUrl(wide)).toBe(await placeholderDataUrl(wide));
  });
});
