/**
 * The evaluation's fast mask IoU (`preparedIou`: foreground-run walk over the shared columns, union
 * from areas) against the direct port of pycocotools' rleIou (`rleIou`, run merge of both masks) on
 * random masks of many shapes, crowd and not, touching, nested, empty, different sizes: identical
 * doubles. Also `rleFrString`/`rleToBbox` against a pixel decode.
 */
import { describe, expect, it } from 'vitest';
import { prepareMask, prepareMaskFromPoly, prepareMaskFromString, preparedIou, rleDecode, rleEncode, rleFrPoly, rleFrString, rleIou, rleToBbox, rleToString, type Rle } from '../../src/core/eval';
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

describe('preparedIou on every way a mask is prepared, with zero-length runs (the column-range shortcut)', () => {
  /** The same mask with a zero-length pair of runs spliced in after run i: (…, c, …) → (…, c, 0, 0, …). */
  function withEmptyRuns(r: Rle, rnd: () => number): Rle {
    const c = Array.from(r.counts);
    if (c.length === 0) return r;
    const i = Math.floor(rnd() * c.length);
    c.splice(i + 1, 0, 0, 0);
    return { h: r.h, w: r.w, counts: Uint32Array.from(c) };
  }

  it('4000 pairs: from counts, from the compressed string and (for polygons) from the polygon; some with empty runs', () => {
    const rnd = mulberry32(2024);
    let nonZero = 0, rowsApart = 0;
    for (let n = 0; n < 4000; n++) {
      const [h, w] = ([[7, 5], [20, 31], [48, 64], [1, 9], [33, 2]] as const)[n % 5]!;
      const polys: (number[] | null)[] = [null, null];
      const masks = [0, 1].map((k) => {
        if (rnd() < 0.5) {
          const cx = rnd() * w, cy = rnd() * h, rx = 1 + rnd() * w * 0.4, ry = 1 + rnd() * h * 0.4;
          const xy = [cx - rx, cy - ry, cx + rx, cy - ry * rnd(), cx + rx * rnd(), cy + ry];
          polys[k] = xy;
          return rleFrPoly(xy, h, w);
        }
        return randomMask(rnd, h, w);
      });
      const crowd = rnd() < 0.3;
      const a = rnd() < 0.2 ? withEmptyRuns(masks[0]!, rnd) : masks[0]!;
      const b = rnd() < 0.2 ? withEmptyRuns(masks[1]!, rnd) : masks[1]!;
      const want = rleIou(a, b, crowd);
      const ba = rleToBbox(a), bb = rleToBbox(b);
      const colsMeet = Math.min(ba[0] + ba[2], bb[0] + bb[2]) > Math.max(ba[0], bb[0]);
      const rowsMeet = Math.min(ba[1] + ba[3], bb[1] + bb[3]) > Math.max(ba[1], bb[1]);
      if (colsMeet && !rowsMeet) rowsApart++;
      const prepA = [prepareMask(a), prepareMaskFromString(rleToString(a), h, w)];
      const prepB = [prepareMask(b), prepareMaskFromString(rleToString(b), h, w)];
      if (polys[0] && a === masks[0]) prepA.push(prepareMaskFromPoly(polys[0], h, w));
      if (polys[1] && b === masks[1]) prepB.push(prepareMaskFromPoly(polys[1], h, w));
      for (const [ia, pa] of prepA.entries()) for (const [ib, pb] of prepB.entries()) {
        const got = preparedIou(pa, pb, crowd);
        if (got !== want) throw new Error(`pair ${n} (${h}×${w}, crowd=${crowd}, ways ${ia}/${ib}): ${got} vs ${want}; a ${Array.from(a.counts).join(',')}; b ${Array.from(b.counts).join(',')}`);
      }
      if (want > 0) nonZero++;
    }
    expect(nonZero).toBeGreaterThan(800);
    expect(rowsApart).toBeGreaterThan(100); // boxes sharing columns but no rows: the case the shortcut leaves to the walk
  });
});
