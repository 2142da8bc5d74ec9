import { readFile } from "node:fs/promises";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SNIFF_HEAD_BYTES, sniffMedia } from "../src/sniff";
import { colourfulPng, ffmpeg, makeTempDir, patternVideo } from "./fixtures";

const head = (data: Buffer) => new Uint8Array(data.subarray(0, SNIFF_HEAD_BYTES));

describe("sniffMedia", () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it.each([
    ["png", { mime: "image/png", ext: "png" }],
    ["jpeg", { mime: "image/jpeg", ext: "jpg" }],
    ["webp", { mime: "image/webp", ext: "webp" }],
    ["gif", { mime: "image/gif", ext: "gif" }],
    ["avif", { mime: "image/avif", ext: "avif" }],
  ] as const)("recognises a real %s file", async (format, expected) => {
    const data = await sharp(await colourfulPng(64))
      .toFormat(format)
      .toBuffer();
    expect(sniffMedia(head(data))).toEqual({ kind: "image", ...expected });
  });

  it.each([
    ["clip.mp4", [], { mime: "video/mp4", ext: "mp4" }],
    ["clip.mov", [], { mime: "video/quicktime", ext: "mov" }],
    ["clip.webm", [], { mime: "video/webm", ext: "webm" }],
    ["clip.mkv", ["-c:v", "libx264"], { mime: "video/x-matroska", ext: "mkv" }],
  ] as const)("recognises a real %s", async (name, codec, expected) => {
    const filePath = `${temp.dir}/${name}`;
    if (codec.length) {
      await ffmpeg(["-f", "lavfi", "-i", "testsrc2=s=64x64:r=10:d=0.3", ...codec, filePath]);
    } else {
      await patternVideo(filePath, { seconds: 0.3, width: 64, height: 64 });
    }
    expect(sniffMedia(head(await readFile(filePath)))).toEqual({ kind: "video", ...expected });
  });

  it.each([
    ["plain text", "hello, this is not an image"],
    ["HTML", "<!doctype html><html><body>PNG</body></html>"],
    ["JSON", '{"type":"image/png"}'],
    ["empty", ""],
  ])("refuses %s", (_label, text) => {
    expect(sniffMedia(new TextEncoder().encode(text))).toBeNull();
  });

  it("refuses an ftyp box with an audio brand and a RIFF that is not WebP", () => {
    const m4a = Buffer.from("00000018667479704d344120000000004d344120", "hex");
    const wav = Buffer.concat([Buffer.from("RIFF"), Buffer.alloc(4), Buffer.from("WAVEfmt ")]);
    expect(sniffMedia(m4a)).toBeNull();
    expect(sniffMedia(wav)).toBeNull();
  });

  it("tells AVIF from HEIC behind a generic mif1 brand", () => {
    const ftyp = (brands: string) => Buffer.concat([Buffer.from([0, 0, 0, 8 + brands.length]), Buffer.from(`ftyp${brands}`)]);
    expect(sniffMedia(ftyp("mif1\0\0\0\0mif1avif"))?.mime).toBe("image/avif");
    expect(sniffMedia(ftyp("mif1\0\0\0\0mif1heic"))?.mime).toBe("image/heic");
  });
});
