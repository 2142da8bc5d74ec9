import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { rgbaToThumbHash, thumbHashToRGBA } from "thumbhash";
import { beforeAll, describe, expect, it } from "vitest";
import { deriveImage } from "../src/derive-image";
import { MediaError } from "../src/media-error";
import { ARTIFACTS_DIR, colourfulPng, jpegWithOrientation6 } from "./fixtures";

async function expectWebp(data: Buffer, width: number, height: number): Promise<void> {
  const meta = await sharp(data).metadata();
  expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: "webp", width, height });
}

async function pixel(data: Buffer, x: number, y: number): Promise<number[]> {
  const { data: raw, info } = await sharp(data).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...raw.subarray(offset, offset + 3)];
}

describe("deriveImage", () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await colourfulPng(1024);
  });

  it("derives a 400 px thumb, a 1024 px preview (never enlarged) and a thumbhash from a 1024² PNG", async () => {
    const result = await deriveImage(png);
    expect(result.width).toBe(1024);
    expect(result.height).toBe(1024);
    await expectWebp(result.thumb.data, 400, 400);
    await expectWebp(result.preview.data, 1024, 1024);
    expect(result.thumb).toMatchObject({ width: 400, height: 400, bytes: result.thumb.data.length });
    expect(result.preview.bytes).toBeGreaterThan(result.thumb.bytes);
    expect(thumbHashToRGBA(Buffer.from(result.thumbhash, "base64")).w).toBeGreaterThan(0);

    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await writeFile(path.join(ARTIFACTS_DIR, "png-source.png"), png);
    await writeFile(path.join(ARTIFACTS_DIR, "png-thumb.webp"), result.thumb.data);
    await writeFile(path.join(ARTIFACTS_DIR, "png-preview.webp"), result.preview.data);
  });

  it("honours EXIF orientation 6: 800×600 stored displays as 600×800, red half on the right", async () => {
    const result = await deriveImage(await jpegWithOrientation6());
    expect({ width: result.width, height: result.height }).toEqual({ width: 600, height: 800 });
    await expectWebp(result.thumb.data, 400, 533);
    await expectWebp(result.preview.data, 600, 800);
    const [right, left] = await Promise.all([pixel(result.preview.data, 500, 400), pixel(result.preview.data, 100, 400)]);
    expect(right[0]).toBeGreaterThan(200);
    expect(right[2]).toBeLessThan(60);
    expect(left[2]).toBeGreaterThan(200);
    expect(left[0]).toBeLessThan(60);
  });

  it("shrinks a large landscape WebP to 400 px on the short side and 1600 px on the long side", async () => {
    const webp = await sharp(png).resize(3000, 2000, { fit: "fill" }).webp().toBuffer();
    const result = await deriveImage(webp);
    expect({ width: result.width, height: result.height }).toEqual({ width: 3000, height: 2000 });
    await expectWebp(result.thumb.data, 600, 400);
    await expectWebp(result.preview.data, 1600, 1067);
  });

  it("never enlarges a small image", async () => {
    const small = await sharp(png).resize(120, 80, { fit: "fill" }).png().toBuffer();
    const result = await deriveImage(small);
    await expectWebp(result.thumb.data, 120, 80);
    await expectWebp(result.preview.data, 120, 80);
  });

  it("keeps transparency in the thumbhash", async () => {
    const transparent = await sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const result = await deriveImage(transparent);
    const opaque = Buffer.from(rgbaToThumbHash(1, 1, [0, 0, 0, 255])).toString("base64");
    expect(result.thumbhash).not.toBe(opaque);
    expect(thumbHashToRGBA(Buffer.from(result.thumbhash, "base64")).rgba[3]).toBeLessThan(128);
  });

  it("rejects a truncated PNG as corrupt", async () => {
    const error = await deriveImage(png.subarray(0, Math.floor(png.length / 2))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect(error).toMatchObject({ code: "corrupt" });
  });

  it("rejects bytes that are no image at all", async () => {
    const error = await deriveImage(Buffer.from("<html>not an image</html>")).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "unsupported" });
  });

  it("refuses images over the pixel limit as too_large", async () => {
    const error = await deriveImage(png, { maxInputPixels: 1000 * 1000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MediaError", code: "too_large" });
  });
});
