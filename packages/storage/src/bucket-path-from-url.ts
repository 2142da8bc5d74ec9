import { BUCKET } from "./bucket";
import { isReadablePath } from "./readable-path";

/** Where Supabase serves a bucket's objects: public, signed or authenticated; the old site stored all of them. */
const SUPABASE_OBJECT_PREFIXES = ["public", "sign", "authenticated"].map((kind) => `/storage/v1/object/${kind}/${BUCKET}/`);

/**
 * The object path behind a URL of OUR bucket, or null for any other URL. A URL is ours when it starts with the
 * public base followed by `/generations/`, or when it has the base's origin and a Supabase object path (public,
 * signed or authenticated). The path is decoded segment by segment, the query dropped, and it must be a readable
 * path: a link can never name something outside the bucket's owner folders.
 */
export function bucketPathFromUrl(url: string, publicBaseUrl: string): string | null {
  const target = parseUrl(url);
  const base = parseUrl(publicBaseUrl);
  if (target === null || base === null) return null;
  const bucketRoot = `${base.pathname.replace(/\/+$/, "")}/${BUCKET}/`;
  const sameOrigin = target.origin === base.origin;
  let encoded: string | null = null;
  if (sameOrigin && target.pathname.startsWith(bucketRoot)) {
    encoded = target.pathname.slice(bucketRoot.length);
  } else if (sameOrigin) {
    for (const prefix of SUPABASE_OBJECT_PREFIXES) {
      const at = target.pathname.indexOf(prefix);
      if (at !== -1) {
        encoded = target.pathname.slice(at + prefix.length);
        break;
      }
    }
  }
  if (encoded === null) return null;
  const path = decodeSegments(encoded);
  return path !== null && isReadablePath(path) ? path : null;
}

function decodeSegments(encoded: string): string | null {
  try {
    // An encoded slash inside a segment would smuggle in an extra segment: decoded, it fails the segment rule.
    return encoded
      .split("/")
      .map((segment) => {
        const decoded = decodeURIComponent(segment);
        if (decoded.includes("/")) throw new Error("encoded slash");
        return decoded;
      })
      .join("/");
  } catch {
    return null;
  }
}

function parseUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
