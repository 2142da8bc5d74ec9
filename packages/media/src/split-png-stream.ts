import { MediaError } from "./media-error";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Splits concatenated PNG files (ffmpeg's `image2pipe` output) into one buffer per image by
 * walking the chunk lengths up to each `IEND`. A trailing incomplete image is dropped (a killed
 * or truncated encoder); anything that is not PNG is a `tool_failed` error.
 */
export function splitPngStream(stream: Buffer): Buffer[] {
  const images: Buffer[] = [];
  let start = 0;
  while (start < stream.length) {
    if (!stream.subarray(start, start + SIGNATURE.length).equals(SIGNATURE)) {
      throw new MediaError("tool_failed", `expected a PNG image at byte ${start} of ffmpeg's output`);
    }
    const end = findImageEnd(stream, start + SIGNATURE.length);
    if (end === null) break;
    images.push(stream.subarray(start, end));
    start = end;
  }
  return images;
}

/** Offset just past the IEND chunk, or null when the image is cut short. */
function findImageEnd(stream: Buffer, firstChunk: number): number | null {
  let offset = firstChunk;
  while (offset + 8 <= stream.length) {
    const length = stream.readUInt32BE(offset);
    const type = stream.toString("latin1", offset + 4, offset + 8);
    const next = offset + 12 + length;
    if (next > stream.length) return null;
    if (type === "IEND") return next;
    offset = next;
  }
  return null;
}
