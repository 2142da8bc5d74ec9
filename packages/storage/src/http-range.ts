export type RangeRequest = { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

/**
 * Interprets a `Range` header for a representation of `size` bytes (RFC 9110 §14). Kept by hand: `range-parser`
 * returns several ranges and codes where the driver needs exactly these three answers, in a dozen lines.
 * Supports one `bytes=a-b`, `bytes=a-` or `bytes=-n`. Multiple ranges and malformed headers are answered
 * in full, as the RFC allows; a well-formed range that selects nothing is unsatisfiable.
 */
export function parseRange(header: string | null, size: number): RangeRequest {
  if (header === null) return { kind: "full" };
  const spec = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (spec === null) return { kind: "full" };
  const [, first = "", last = ""] = spec;
  if (first === "" && last === "") return { kind: "full" };

  if (first === "") {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== "" && Number(last) < start) return { kind: "full" };
  if (start >= size) return { kind: "unsatisfiable" };
  const end = last === "" ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: "partial", start, end };
}
