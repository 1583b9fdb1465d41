/**
 * The segm fast paths (polygon rasteriser that takes boundary points while walking the edges, prepared
 * masks in a shared arena, the column-cursor box) against a line-by-line port of maskApi.c's rleFrPoly
 * (store every upsampled point, then filter), on random polygons: inside, across and outside the image,
 * with negative and fractional coordinates and repeated vertices.
 */
import { describe, expect, it } from 'vitest';
import {
  CumArena, prepareMask, prepareMaskFromPoly, prepareMaskFromString, rleFrPoly, rleFrString, rleToBbox, rleToString, type Rle,
} from '../../src/core/eval';
import { mulberry32 } from '../../src/core/random';
import { refRleFrPoly } from './lib/refRleFrPoly';

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.prototype.every.call(a, (v: number, i: number) => v === b[i]);

function randomPolygon(rnd: () => number, h: number, w: number, mode: number): number[] {
  const k = 1 + Math.floor(rnd() * 14);
  const xy: number[] = [];
  for (let j = 0; j < k; j++) {
    let px = (rnd() * 1.6 - 0.3) * w, py = (rnd() * 1.6 - 0.3) * h; // some vertices outside, some negative
    if (mode === 1) { px = Math.round(px); py = Math.round(py); }
    if (mode === 2) { px = Math.round(px * 2) / 2; py = Math.round(py * 10) / 10; }
    if (mode === 3 && j > 0 && rnd() < 0.3) { px = xy[xy.length - 2]!; py = xy[xy.length - 1]!; } // repeated vertex
    xy.push(px, py);
  }
  return xy;
}

describe('segm fast paths = the maskApi.c port, bit for bit', () => {
  it('rleFrPoly and prepareMaskFromPoly on 3000 random polygons (4 coordinate kinds, 3 image sizes)', () => {
    const rnd = mulberry32(20261203);
    const sizes: [number, number][] = [[7, 5], [48, 64], [120, 160]];
    let checked = 0;
    const bad: string[] = [];
    for (let it = 0; it < 3000; it++) {
      const [h, w] = sizes[it % 3]!;
      const xy = randomPolygon(rnd, h, w, (it >> 2) % 4);
      const ref = refRleFrPoly(xy, h, w);
      const pm = prepareMaskFromPoly(xy, h, w, new CumArena());
      const pr = prepareMask(ref);
      const ok = same(rleFrPoly(xy, h, w).counts, ref.counts) && same(pm.cum, pr.cum) && pm.area === pr.area
        && same(pm.box, pr.box) && same(pm.box, rleToBbox(ref));
      if (!ok && bad.length < 3) bad.push(`${h}x${w} ${JSON.stringify(xy)}`);
      checked++;
    }
    expect(bad).toEqual([]);
    expect(checked).toBe(3000);
  });

  it('a fractional image size (a malformed file pycocotools would not take) still follows the port', () => {
    // The rows of boundary points are computed in integers only for an integer height; a fractional height
    // or width takes the floating-point formula, and the columns stop at w − 1 either way.
    const rnd = mulberry32(20261206);
    const sizes: [number, number][] = [[10.5, 12.25], [33, 17.5], [7.75, 40]];
    const bad: string[] = [];
    for (let it = 0; it < 600; it++) {
      const [h, w] = sizes[it % 3]!;
      const xy = randomPolygon(rnd, h, w, (it >> 2) % 4);
      if (!same(rleFrPoly(xy, h, w).counts, refRleFrPoly(xy, h, w).counts) && bad.length < 3) bad.push(`${h}x${w} ${JSON.stringify(xy)}`);
    }
    expect(bad).toEqual([]);
  });

  it('masks prepared in one arena equal masks prepared alone; the compressed-string path agrees', () => {
    const rnd = mulberry32(7);
    const arena = new CumArena();
    const kept: { pm: ReturnType<typeof prepareMask>; ref: Rle }[] = [];
    for (let it = 0; it < 400; it++) {
      const [h, w] = it % 2 ? [120, 160] : [33, 17];
      const ref = refRleFrPoly(randomPolygon(rnd, h, w, it % 4), h, w);
      const s = rleToString(ref);
      kept.push({ pm: prepareMaskFromString(s, h, w, arena), ref });
      kept.push({ pm: prepareMask(rleFrString(s, h, w), arena), ref });
    }
    // checked after all were written: no mask's boundaries were overwritten by a later one
    let bad = 0;
    for (const { pm, ref } of kept) {
      const alone = prepareMask(ref);
      if (!(same(pm.cum, alone.cum) && pm.area === alone.area && same(pm.box, rleToBbox(ref)))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('a truncated compressed string is refused with and without an arena', () => {
    // 'P' (80 - 48 = 32) has the continuation bit set and nothing follows
    expect(() => prepareMaskFromString('1P', 10, 10)).toThrow(/truncated/);
    expect(() => prepareMaskFromString('1P', 10, 10, new CumArena())).toThrow(/truncated/);
  });
});
