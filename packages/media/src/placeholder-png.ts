import { crc32 } from "node:zlib";

import { decodeThumbHash, type RgbaImage } from "./thumbhash-decode";

/**
 * Placeholders are stretched over the tile and drawn with the browser's smooth scaling: a ThumbHash carries only its
 * lowest frequencies, so 8 px on the long side keeps everything it has to show.
 */
export const PLACEHOLDER_SIDE = 8;
const CACHE_SIZE = 4096;
const cache = new Map<string, string | null>();

/**
 * A ThumbHash rendered as a tiny PNG data URL (~0.3–0.5 KB), ready for a CSS background: the browser draws it with
 * the first HTML, no script needed. The reference `thumbHashToDataURL` writes a 32 px PNG (~5.8 KB of base64 per
 * tile) and would have to run in the browser for every tile. Results are memoised (bounded): a hash never changes.
 */
export function placeholderDataUrl(thumbhashBase64: string | null | undefined): string | null {
  if (!thumbhashBase64) return null;
  const cached = cache.get(thumbhashBase64);
  if (cached !== undefined) return cached;
  let url: string | null = null;
  // A ThumbHash is 5–25 bytes; anything else (or not base64) means "no placeholder", never a broken page.
  if (/^[A-Za-z0-9+/]{7,64}={0,2}$/.test(thumbhashBase64)) {
    const image = decodeThumbHash(new Uint8Array(Buffer.from(thumbhashBase64, "base64")), PLACEHOLDER_SIDE);
    url = `data:image/png;base64,${encodePng(image).toString("base64")}`;
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(thumbhashBase64, url);
  return url;
}

/**
 * A minimal PNG encoder for tiny images: RGB when fully opaque (else RGBA), no filtering, one *stored* deflate block
 * (a few hundred bytes do not compress enough to pay for a zlib stream's set-up).
 */
export function encodePng(image: RgbaImage): Buffer {
  const opaque = image.rgba.every((value, i) => i % 4 !== 3 || value === 255);
  const channels = opaque ? 3 : 4;
  const stride = image.width * channels;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      for (let c = 0; c < channels; c++) raw[y * (stride + 1) + 1 + x * channels + c] = image.rgba[(y * image.width + x) * 4 + c] ?? 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bit depth
  header[9] = opaque ? 2 : 6; // colour type: truecolour, or truecolour with alpha
  return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", storedZlib(raw)), chunk("IEND", Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "ascii");
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** A zlib stream holding `data` in one uncompressed block (RFC 1950/1951), for data under 64 KiB. */
function storedZlib(data: Buffer): Buffer {
  if (data.length > 0xffff) throw new Error("storedZlib is for small images only");
  const out = Buffer.alloc(2 + 5 + data.length + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  out[2] = 1; // BFINAL, BTYPE = stored
  out.writeUInt16LE(data.length, 3);
  out.writeUInt16LE(~data.length & 0xffff, 5);
  data.copy(out, 7);
  out.writeUInt32BE(adler32(data), 7 + data.length);
  return out;
}

function adler32(data: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of data) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}
