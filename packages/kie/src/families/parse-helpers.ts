import { KieApiError } from "../errors";

/** A value that may be a JSON document encoded as a string (KIE nests JSON-in-string freely). */
function decodeJsonish(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (trimmed === "") return null;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | null {
  const decoded = decodeJsonish(value);
  return typeof decoded === "object" && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : null;
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

/** Strings from an array (or a JSON-encoded array, or a single string). */
export function urlList(value: unknown): string[] {
  const decoded = decodeJsonish(value);
  if (typeof decoded === "string") return nonEmptyString(decoded) ? [decoded.trim()] : [];
  if (!Array.isArray(decoded)) return [];
  return decoded.flatMap((v) => {
    if (typeof v === "string") return nonEmptyString(v) ? [v.trim()] : [];
    const rec = asRecord(v); // Midjourney-style [{resultUrl}]
    const inner = rec ? nonEmptyString(rec["resultUrl"] ?? rec["url"]) : null;
    return inner ? [inner] : [];
  });
}

/** `failCode` may be a string, a number, "" or null. */
export function codeString(value: unknown): string | null {
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return nonEmptyString(value);
}

/** Integer from a number or numeric string (e.g. successFlag "1"). */
export function intOrNull(value: unknown): number | null {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

const plainDateTime = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * KIE times arrive as Unix ms, Unix seconds, numeric strings, ISO strings or "YYYY-MM-DD HH:mm:ss" (zone unknown; read as UTC).
 */
export function kieTime(value: unknown): Date | null {
  let ms: number | null = null;
  const n = intOrNull(value) ?? (typeof value === "number" && Number.isFinite(value) ? value : null);
  if (n !== null) {
    if (n <= 0) return null;
    ms = n < 1e11 ? n * 1000 : n;
  } else if (typeof value === "string" && value.trim() !== "") {
    const m = plainDateTime.exec(value.trim());
    ms = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Date.parse(value);
  }
  return ms === null || Number.isNaN(ms) ? null : new Date(ms);
}

export function badRecord(family: string, reason: string, raw: unknown): KieApiError {
  return new KieApiError({
    code: 200,
    kind: "bad_response",
    retryable: false,
    message: `KIE ${family} record could not be read: ${reason}`,
    kieMessage: JSON.stringify(raw)?.slice(0, 300) ?? null,
  });
}

/** The first candidate that yields URLs: KIE documents several places per family, and an empty list is no answer. */
export function firstUrls(...candidates: unknown[]): string[] {
  for (const candidate of candidates) {
    const urls = urlList(candidate);
    if (urls.length > 0) return urls;
  }
  return [];
}
