/** Validators of one stored representation. */
export interface Validators {
  etag: string;
  lastModified: Date;
}

const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);
const opaque = (tag: string): string => tag.trim().replace(/^W\//, "");

/** `If-None-Match` (weak comparison), else `If-Modified-Since`: true when the client's copy is current. */
export function isNotModified(headers: Headers, { etag, lastModified }: Validators): boolean {
  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    return ifNoneMatch.trim() === "*" || ifNoneMatch.split(",").some((tag) => opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers.get("if-modified-since");
  if (ifModifiedSince === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && seconds(lastModified) <= Math.floor(since / 1000);
}

/** `If-Range`: a range applies only if the client's validator still names this exact representation. */
export function rangeStillValid(headers: Headers, { etag, lastModified }: Validators): boolean {
  const ifRange = headers.get("if-range");
  if (ifRange === null) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith("W/")) return value === etag;
  const date = Date.parse(value);
  return !Number.isNaN(date) && Math.floor(date / 1000) === seconds(lastModified);
}
