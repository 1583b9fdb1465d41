/**
 * The evaluation's fast mask IoU (`preparedIou`: foreground-run walk over the shared columns, union
 * from areas) against the direct port of pycocotools' rleIou (`rleIou`, run merge of both masks) on
 * random masks of many shapes, crowd and not, touching, nested, empty, different sizes: identical
 * doubles. Also `rleFrString`/`rleToBbox` against a pixel decode.
 */
import { describe, expect, it } from 'vitest';
import { prepareMask, prepareMaskFromString, preparedIou, rleDecode, rleEncode, rleFrPoly, rleFrString, rleIou, rleToBbox, rleToString, type Rle } from '../../src/core/eval';
import { mulberry32 } from '../../src/core/random';

function randomMask(rnd: () => number, h: number, w: number): Rle {
  const kind = rnd();
  if (kind < 0.1) return rleEncode(new Uint8Array(h * w), h, w); // empty
  if (kind < 0.25) {
    const m = new Uint8Array(h * w);
    for (let i = 0; i < m.length; i++) m[i] = rnd() < 0.3 ? 1 : 0; // speckle: many short runs
    return rleEncode(m, h, w);
  }
  const cx = rnd() * w, cy = rnd() * h, rx = 1 + rnd() * w * 0.6, ry = 1 + rnd() * h * 0.6;
  const k = 3 + Math.floor(rnd() * 12);
  const xy: number[] = [];
  for (let j = 0; j < k; j++) {
    const t = (2 * Math.PI * j) / k, r = 0.5 + rnd();
    xy.push(cx + rx * r * Math.cos(t), cy + ry * r * Math.sin(t));
  }
  return rleFrPoly(xy, h, w);
}

/** Bounding box from the decoded pixels: independent of rleToBbox's run arithmetic. */
function pixelBox(r: Rle): number[] {
  const m = rleDecode(r);
  let xs = Infinity, ys = Infinity, xe = -1, ye = -1;
  for (let x = 0; x < r.w; x++) for (let y = 0; y < r.h; y++) if (m[x * r.h + y]) { xs = Math.min(xs, x); xe = Math.max(xe, x); ys = Math.min(ys, y); ye = Math.max(ye, y); }
  return xe < 0 ? [0, 0, 0, 0] : [xs, ys, xe - xs + 1, ye - ys + 1];
}

describe('preparedIou = rleIou (pycocotools port), bit for bit', () => {
  it('4000 random pairs on 5 image sizes, crowd and not', () => {
    const rnd = mulberry32(99);
    let nonZero = 0;
    for (let n = 0; n < 4000; n++) {
      const [h, w] = ([[7, 5], [20, 31], [48, 64], [1, 9], [33, 2]] as const)[n % 5]!;
      const a = randomMask(rnd, h, w), b = randomMask(rnd, h, w);
      const crowd = rnd() < 0.3;
      const want = rleIou(a, b, crowd);
      const got = preparedIou(prepareMask(a), prepareMask(b), crowd);
      if (got !== want) throw new Error(`pair ${n} (${h}×${w}, crowd=${crowd}): ${got} vs ${want}`);
      if (want > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(1000); // the pairs exercise real intersections, not just the prefilter
  });

  it('a mask with itself is 1; different sizes give -1 like pycocotools', () => {
    const rnd = mulberry32(5);
    const a = rleFrPoly([2, 2, 20, 3, 15, 18], 24, 24);
    expect(preparedIou(prepareMask(a), prepareMask(a), false)).toBe(1);
    const b = rleFrPoly([2, 2, 20, 3, 15, 18], 24, 25);
    expect(preparedIou(prepareMask(a), prepareMask(b), false)).toBe(rleIou(a, b));
    expect(rleIou(a, b)).toBe(-1);
    void rnd;
  });

  it('rleToBbox and the prepared area agree with the decoded pixels; rleFrString inverts rleToString', () => {
    const rnd = mulberry32(7);
    for (let n = 0; n < 500; n++) {
      const r = randomMask(rnd, 17 + (n % 13), 9 + (n % 29));
      expect(rleToBbox(r)).toEqual(pixelBox(r));
      expect(prepareMask(r).area).toBe(rleDecode(r).reduce((s, v) => s + v, 0));
      expect(Array.from(rleFrString(rleToString(r), r.h, r.w).counts)).toEqual(Array.from(r.counts));
      expect(Array.from(prepareMask(r).box)).toEqual(pixelBox(r));
      const fromString = prepareMaskFromString(rleToString(r), r.h, r.w);
      expect(Array.from(fromString.cum)).toEqual(Array.from(prepareMask(r).cum));
      expect([fromString.area, ...fromString.box]).toEqual([prepareMask(r).area, ...pixelBox(r)]);
    }
  });
});
