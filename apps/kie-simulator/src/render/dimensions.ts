/** Pixel size for an aspect ratio like "16:9" with the given long side (even numbers, for H.264). */
export function sizeForAspect(aspectRatio: string, longSide: number): { width: number; height: number } {
  const m = /^(\d+(?:\.\d+)?):(\d+(?:\.\d+)?)$/.exec(aspectRatio.trim());
  const w = m ? Number(m[1]) : 1;
  const h = m ? Number(m[2]) : 1;
  const even = (n: number): number => Math.max(2, Math.round(n / 2) * 2);
  if (!(w > 0) || !(h > 0)) return { width: longSide, height: longSide };
  return w >= h ? { width: longSide, height: even((longSide * h) / w) } : { width: even((longSide * w) / h), height: longSide };
}
