import { thumbHashToDataURL } from "thumbhash";

/** Decode a base64 ThumbHash into a tiny PNG data URL (works during SSR and in the browser). */
export function thumbhashDataUrl(base64: string | null | undefined): string | undefined {
  if (!base64) return undefined;
  try {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return thumbHashToDataURL(bytes);
  } catch {
    return undefined;
  }
}
