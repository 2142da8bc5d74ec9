import sharp from "sharp";
import { hslToHex, seededRandom } from "./palette";

export type PhotoFormat = "png" | "jpeg";

/** An abstract, pleasant picture for a prompt: soft two-tone gradient, blurred colour fields, a few crisp shapes. */
function photoSvg(prompt: string, width: number, height: number): string {
  const rnd = seededRandom(prompt);
  const hue = Math.floor(rnd() * 360);
  const accent = (hue + 120 + Math.floor(rnd() * 120)) % 360;
  const bgA = hslToHex(hue, 65, 58);
  const bgB = hslToHex((hue + 40) % 360, 55, 24);
  const min = Math.min(width, height);
  const blobs = Array.from({ length: 5 }, (_, i) => {
    const h = i % 2 === 0 ? accent : (hue + 20 * i) % 360;
    const r = min * (0.18 + rnd() * 0.25);
    return `<circle cx="${(rnd() * width).toFixed(1)}" cy="${(rnd() * height).toFixed(1)}" r="${r.toFixed(1)}" fill="${hslToHex(h, 75, 60)}" opacity="0.55"/>`;
  }).join("");
  const shapes = Array.from({ length: 3 }, () => {
    const s = min * (0.08 + rnd() * 0.12);
    const x = rnd() * (width - s);
    const y = rnd() * (height - s);
    return `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${s.toFixed(1)}" height="${s.toFixed(1)}" rx="${(s / 4).toFixed(1)}" fill="none" stroke="#ffffff" stroke-opacity="0.6" stroke-width="${(min / 200).toFixed(1)}" transform="rotate(${Math.floor(rnd() * 45)} ${(x + s / 2).toFixed(1)} ${(y + s / 2).toFixed(1)})"/>`;
  }).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<defs>
<linearGradient id="bg" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bgA}"/><stop offset="1" stop-color="${bgB}"/></linearGradient>
<radialGradient id="sun" cx="0.5" cy="0.5" r="0.5"><stop offset="0" stop-color="#fff6e0" stop-opacity="0.9"/><stop offset="1" stop-color="#fff6e0" stop-opacity="0"/></radialGradient>
<filter id="soft" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${(min / 14).toFixed(1)}"/></filter>
</defs>
<rect width="100%" height="100%" fill="url(#bg)"/>
<g filter="url(#soft)">${blobs}</g>
<circle cx="${(width * (0.25 + rnd() * 0.5)).toFixed(1)}" cy="${(height * (0.2 + rnd() * 0.3)).toFixed(1)}" r="${(min * 0.22).toFixed(1)}" fill="url(#sun)"/>
${shapes}
</svg>`;
}

export async function renderPhoto(prompt: string, width: number, height: number, format: PhotoFormat): Promise<Buffer> {
  const image = sharp(Buffer.from(photoSvg(prompt, width, height)), { density: 72 });
  return format === "png" ? image.png({ compressionLevel: 6 }).toBuffer() : image.jpeg({ quality: 88 }).toBuffer();
}
