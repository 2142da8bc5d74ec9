export interface Size {
  width: number;
  height: number;
}

/** WebP cannot encode a side longer than this. */
const MAX_WEBP_SIDE = 16_383;

function scale(size: Size, factor: number): Size {
  const f = Math.min(1, factor);
  return {
    width: Math.max(1, Math.round(size.width * f)),
    height: Math.max(1, Math.round(size.height * f)),
  };
}

/** Shrinks `size` so its short side is `target` (never enlarges, long side at most `maxLongSide`). */
export function fitShortSide(size: Size, target: number, maxLongSide = MAX_WEBP_SIDE): Size {
  const short = Math.min(size.width, size.height);
  const long = Math.max(size.width, size.height);
  return scale(size, Math.min(target / short, maxLongSide / long));
}

/** Shrinks `size` so its long side is `target` (never enlarges). */
export function fitLongSide(size: Size, target: number): Size {
  return scale(size, target / Math.max(size.width, size.height));
}

/** The bigger of two sizes of the same picture (compared by area). */
export function larger(a: Size, b: Size): Size {
  return a.width * a.height >= b.width * b.height ? a : b;
}
