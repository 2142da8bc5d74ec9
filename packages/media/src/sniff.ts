// Kept by hand: `file-type` reads streams and knows hundreds of formats, while the download guard needs the first 64
// bytes of a half-received body judged against exactly the formats we accept, synchronously.

/** How many leading bytes `sniffMedia` needs to see to decide reliably. */
export const SNIFF_HEAD_BYTES = 64;

export interface SniffedMedia {
  kind: "image" | "video";
  mime: string;
  ext: string;
}

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const EBML = [0x1a, 0x45, 0xdf, 0xa3];

const AVIF_BRANDS = new Set(["avif", "avis"]);
const HEIC_BRANDS = new Set(["heic", "heix", "heim", "heis", "hevc", "hevx"]);
const HEIF_BRANDS = new Set(["mif1", "msf1"]);
const MP4_BRANDS = new Set([
  "isom",
  "iso2",
  "iso3",
  "iso4",
  "iso5",
  "iso6",
  "mp41",
  "mp42",
  "avc1",
  "M4V ",
  "M4VH",
  "M4VP",
  "dash",
  "mmp4",
  "3gp4",
  "3gp5",
  "3gp6",
  "3g2a",
  "f4v ",
  "XAVC",
  "MSNV",
]);

const image = (mime: string, ext: string): SniffedMedia => ({ kind: "image", mime, ext });
const video = (mime: string, ext: string): SniffedMedia => ({ kind: "video", mime, ext });

function startsWith(head: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  return bytes.every((byte, i) => head[offset + i] === byte);
}

function ascii(head: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...head.subarray(start, end));
}

/** ISO-BMFF (`ftyp` box): the major brand first, then the compatible brands inside the box. */
function sniffFtyp(head: Uint8Array): SniffedMedia | null {
  const boxSize = ((head[0] ?? 0) << 24) | ((head[1] ?? 0) << 16) | ((head[2] ?? 0) << 8) | (head[3] ?? 0);
  const end = Math.min(head.length, boxSize >= 16 ? boxSize : 16);
  const major = ascii(head, 8, 12);
  const compatible: string[] = [];
  for (let offset = 16; offset + 4 <= end; offset += 4) compatible.push(ascii(head, offset, offset + 4));

  if (AVIF_BRANDS.has(major)) return image("image/avif", "avif");
  if (HEIC_BRANDS.has(major)) return image("image/heic", "heic");
  if (major === "qt  ") return video("video/quicktime", "mov");
  if (MP4_BRANDS.has(major)) return video("video/mp4", "mp4");
  if (HEIF_BRANDS.has(major)) {
    if (compatible.some((brand) => AVIF_BRANDS.has(brand))) return image("image/avif", "avif");
    if (compatible.some((brand) => HEIC_BRANDS.has(brand))) return image("image/heic", "heic");
    return image("image/heif", "heif");
  }
  return null;
}

/** EBML header: the DocType tells WebM from generic Matroska. */
function sniffEbml(head: Uint8Array): SniffedMedia {
  return ascii(head, 0, head.length).includes("matroska") ? video("video/x-matroska", "mkv") : video("video/webm", "webm");
}

/**
 * Decides what a file is from its first bytes (magic numbers) only; any declared type is ignored.
 * Pass at least `SNIFF_HEAD_BYTES` bytes when the file is that long. Returns null for anything
 * that is not a supported image or video (text, HTML, audio, archives...).
 */
export function sniffMedia(head: Uint8Array): SniffedMedia | null {
  if (startsWith(head, PNG)) return image("image/png", "png");
  if (startsWith(head, JPEG)) return image("image/jpeg", "jpg");
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return image("image/gif", "gif");
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return image("image/webp", "webp");
  if (head.length >= 12 && ascii(head, 4, 8) === "ftyp") return sniffFtyp(head);
  if (startsWith(head, EBML)) return sniffEbml(head);
  return null;
}
